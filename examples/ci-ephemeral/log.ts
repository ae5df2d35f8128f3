/** One line of the script's own progress, told apart from Pulumi's and the command's output. */
export function log(message: string): void {
  console.log(`[ci-ephemeral] ${message}`);
}
