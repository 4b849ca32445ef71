// The help text supervisorctl prints after a usage mistake in an action
// (`start` without a name, ...), word for word, and for `help ACTION`.
// `reload NAME` is monitor's: supervisorctl's reload takes no arguments.
export const HELP: Record<string, string> = {
  status: "status <name>\t\tGet status for a single process\nstatus <gname>:*\tGet status for all processes in a group\nstatus <name> <name>\tGet status for multiple named processes\nstatus\t\t\tGet all process status info",
  start: "start <name>\t\tStart a process\nstart <gname>:*\t\tStart all processes in a group\nstart <name> <name>\tStart multiple processes or groups\nstart all\t\tStart all processes",
  stop: "stop <name>\t\tStop a process\nstop <gname>:*\t\tStop all processes in a group\nstop <name> <name>\tStop multiple processes or groups\nstop all\t\tStop all processes",
  restart:
    "restart <name>\t\tRestart a process\nrestart <gname>:*\tRestart all processes in a group\nrestart <name> <name>\tRestart multiple processes or groups\nrestart all\t\tRestart all processes\nNote: restart does not reread config files. For that, see reread and update.",
  signal:
    "signal <signal name> <name>\t\tSignal a process\nsignal <signal name> <gname>:*\t\tSignal all processes in a group\nsignal <signal name> <name> <name>\tSignal multiple processes or groups\nsignal <signal name> all\t\tSignal all processes",
  tail:
    "tail [-f] <name> [stdout|stderr] (default stdout)\nEx:\ntail -f <name>\t\tContinuous tail of named process stdout\n\t\t\tCtrl-C to exit.\ntail -100 <name>\tlast 100 *bytes* of process stdout\ntail <name> stderr\tlast 1600 *bytes* of process stderr",
  maintail:
    "maintail -f \tContinuous tail of supervisor main log file (Ctrl-C to exit)\nmaintail -100\tlast 100 *bytes* of supervisord main log file\nmaintail\tlast 1600 *bytes* of supervisor main log file\n",
  pid: "pid\t\t\tGet the PID of supervisord.\npid <name>\t\tGet the PID of a single child process by name.\npid all\t\t\tGet the PID of every child process, one per line.",
  clear: "clear <name>\t\tClear a process' log files.\nclear <name> <name>\tClear multiple process' log files\nclear all\t\tClear all process' log files",
  shutdown: "shutdown \tShut the remote supervisord down.",
  reload: "reload \t\tRestart the remote supervisord.\nreload <name> [...]\tZero-downtime reload of programs (monitor serve only)",
  avail: "avail\t\t\tDisplay all configured processes",
  reread: "reread \t\t\tReload the daemon's configuration files without add/remove",
  update:
    "update\t\t\tReload config and add/remove as necessary, and will restart affected programs\nupdate all\t\tReload config and add/remove as necessary, and will restart affected programs\nupdate <gname> [...]\tUpdate specific groups",
  add: "add <name> [...]\tActivates any updates in config for process/group",
  remove: "remove <name> [...]\tRemoves process/group from active config",
  version: "version\t\t\tShow the version of the remote supervisord process",
  help: "help\t\tPrint a list of available actions\nhelp <action>\tPrint help for <action>",
};

export const USAGE = `usage: monitor ctl [-c FILE | -s URL] [-u USER] [-p PASSWORD] ACTION [ARGS...]

Options:
-c/--configuration FILE  read serverurl, username and password from its [supervisorctl]
-s/--serverurl URL       unix:///path/to/socket or http://host:port (default http://localhost:9001)
-u/--username USER       basic auth user
-p/--password PASSWORD   basic auth password

Actions: ${Object.keys(HELP).sort().join(" ")}
`;
