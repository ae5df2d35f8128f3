/** Values that break naive quoting or XML: each must round-trip exactly or be refused clearly. */
export const HOSTILE_STRINGS = [
  `it's "quoted"`,
  "$(touch voidvm-pwned)",
  "`touch voidvm-pwned`",
  "a; touch voidvm-pwned",
  "line1\nline2",
  "<&> 'x' \"y\" &amp;",
  "网站服务器-01",
  "back\\slash $HOME *?[a] ~ !",
  "  spaced  ",
  "",
];

/** A host command that prints PWNED when any hostile value ran as a command. */
export const PWNED_CHECK = "test -e voidvm-pwned -o -e /tmp/voidvm-pwned && echo PWNED || echo clean";
