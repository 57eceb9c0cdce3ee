/** A Web API error as Dataverse answers it: HTTP status, hex code (often `0x0` or empty) and message. */
export class StandinError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}
