// On its own, without the file code: the browser's exhibition tells checkpoint errors apart too.
/** Why a checkpoint cannot be used. */
export class CheckpointError extends Error {
  constructor(
    message: string,
    readonly reason: 'corrupt' | 'foreign' | 'version' | 'unreadable',
  ) {
    super(message);
    this.name = 'CheckpointError';
  }
}
