/** Plain manifest data, as a user would write it (what the generator builds and renders). */
export type Json = string | number | boolean | null | readonly Json[] | JsonObject;

/** Keys whose value is `undefined` are left out when rendered (as JSON.stringify does). */
export interface JsonObject {
  readonly [key: string]: Json | undefined;
}
