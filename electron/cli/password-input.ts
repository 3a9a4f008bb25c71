import readline from 'node:readline';

/** All of piped stdin, its first line the password (a trailing newline is not part of it). */
async function readPiped(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0];
}

/** Asks on the terminal without echoing what is typed. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      // Write the question once; swallow the echo of every key typed after it.
      if (!asked) process.stderr.write(s);
      asked = true;
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * A new password: the first line of stdin when it is piped (scripts:
 * `printf '%s\n' "$PW" | canting user add …`), else asked twice on the
 * terminal without echo. Never printed or logged.
 */
export async function readNewPassword(who: string): Promise<string> {
  if (!process.stdin.isTTY) return readPiped();
  const first = await promptHidden(`Password for ${who}: `);
  const again = await promptHidden('The same password again: ');
  if (first !== again) throw new Error('The two passwords differ; nothing was changed');
  return first;
}
