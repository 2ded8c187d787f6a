/** Where the commands write. Lines go to `out` (results) and `err` (notices, errors). */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress on stderr: rewritten in place on a terminal, an occasional line otherwise. */
  progress: (text: string, final: boolean) => void;
  /** Colour is allowed on stdout: a terminal, and neither NO_COLOR nor --no-color. */
  stdoutIsTty: boolean;
}

/** The process's own stdout and stderr. A closed stdout (`| head`) ends the process quietly. */
export function processIo(): Io {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const stderrTty = process.stderr.isTTY === true;
  let lastProgress = 0;
  let progressShown = false;
  const clearProgress = (): void => {
    if (progressShown) process.stderr.write('\r\x1b[2K');
    progressShown = false;
  };
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => {
      clearProgress();
      process.stderr.write(`${line}\n`);
    },
    progress: (text, final) => {
      if (!stderrTty) {
        process.stderr.write(`${text}\n`);
        return;
      }
      const now = Date.now();
      if (!final && now - lastProgress < 100) return;
      lastProgress = now;
      process.stderr.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      progressShown = !final;
    },
    stdoutIsTty: process.stdout.isTTY === true,
  };
}
