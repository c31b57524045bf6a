/**
 * The one error a backup or restore raises when it cannot go ahead: its message says why and what to do,
 * in Japanese, for the IT staff at the terminal (the CLI prints it without a stack).
 */
export class BackupError extends Error {
  override name = 'BackupError';
}
