# Functions the bench scripts share (sourced by bench/run.sh, and so by bench/report.sh, and by bench/sizing.sh).

result() { # result KEY FILE: the value of KEY= on the file's RESULT lines (empty if the run printed none)
  { grep -oE "(^| )$1=[0-9.]+" "$2" 2> /dev/null || true; } | head -n 1 | cut -d= -f2
}
