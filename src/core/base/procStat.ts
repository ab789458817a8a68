// One line of /proc/<pid>/stat (Linux), read by the shell sweep and by the
// gopls restart check. The command name sits in parentheses and may itself
// hold spaces and parentheses, so the fields are counted from the last ")".

export interface ProcStat {
  /** The command name, cut by the kernel at 15 characters. */
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot when the process started. */
  starttime: number;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(" ");
  const [state, ppid, pgrp, session] = fields;
  if (state === undefined || ppid === undefined || pgrp === undefined || session === undefined) return undefined;
  // Field 22 of the whole line: the 20th after the command name.
  return {
    comm: text.slice(open + 1, close),
    state,
    ppid: Number(ppid),
    pgrp: Number(pgrp),
    session: Number(session),
    starttime: Number(fields[19]),
  };
}
