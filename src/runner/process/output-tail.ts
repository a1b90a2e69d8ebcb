/**
 * The last `maxChars` characters of a stream of lines: whole lines, except a single line longer
 * than the limit, which keeps its end. Agents can print millions of lines, so dropping from the
 * front moves a start index instead of shifting the array each time.
 */
export class OutputTail {
  private lines: string[] = [];
  private start = 0;
  private size = 0;

  constructor(private readonly maxChars: number) {}

  push(line: string): void {
    const kept = line.length > this.maxChars ? line.slice(-this.maxChars) : line;
    this.lines.push(kept);
    this.size += kept.length + 1;
    while (this.size > this.maxChars && this.lines.length - this.start > 1) {
      this.size -= (this.lines[this.start] as string).length + 1;
      this.start += 1;
    }
    if (this.start > 1024 && this.start * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
  }

  text(): string {
    return this.lines.slice(this.start).join('\n');
  }
}
