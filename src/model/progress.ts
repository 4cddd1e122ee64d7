/**
 * Progress of long work, reported by the library to whoever asked (the CLI draws it on a
 * terminal; the library itself never writes anywhere). `done`/`total` count the units of the
 * step when it has them (files, ports).
 */
export interface ProgressEvent {
  /** What is being done, e.g. `reading manifests`, `matrix 8080/TCP`. */
  readonly step: string;
  readonly done?: number;
  readonly total?: number;
}

export type ProgressSink = (event: ProgressEvent) => void;
