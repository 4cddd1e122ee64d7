/** A manifest source: its display name (a path, or `<stdin>`) and its text. */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}
