import type { ComposeLocation } from './compose-location';

const accepted = 'write the command as a list (["sh", "-c", "echo hi"]) or close every quote in the string';

/**
 * Splits a `command:` / `entrypoint:` string into words like a POSIX shell would, without
 * expanding anything: whitespace separates words, '...' is literal, "..." allows \" \\ \$ \`
 * escapes, and a backslash outside quotes escapes the next character.
 */
export function splitShellWords(text: string, where: ComposeLocation): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) throw where.error(`the ' opened at position ${i + 1} of "${text}" is never closed`, accepted);
      word += text.slice(i + 1, close);
      i = close + 1;
    } else if (char === '"') {
      const read = readDoubleQuoted(text, i + 1);
      if (read === undefined) throw where.error(`the " opened at position ${i + 1} of "${text}" is never closed`, accepted);
      word += read.value;
      i = read.next;
    } else if (char === '\\') {
      if (i + 1 >= text.length) throw where.error(`"${text}" ends with a lone backslash`, accepted);
      word += text[i + 1] ?? '';
      i += 2;
    } else {
      word += char;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function readDoubleQuoted(text: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  for (let i = from; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '"') return { value, next: i + 1 };
    const escaped = text[i + 1];
    if (char === '\\' && escaped !== undefined && '"\\$`'.includes(escaped)) {
      value += escaped;
      i++;
    } else {
      value += char;
    }
  }
  return undefined;
}
