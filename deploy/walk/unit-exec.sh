#!/bin/bash
# Run a systemd unit's ExecStart lines by hand, as the unit says (systemd does not run in a chroot): as its User, in
# its WorkingDirectory, with its EnvironmentFile read as systemd reads it (the app's own reader, lienhiep.core.env).
# Not reproduced: the sandboxing lines (ProtectSystem, PrivateTmp...), Restart=, Type=notify.
# Inside the root: unit-exec.sh NAME.service  (BACKGROUND=1 for a long-running one; its pid goes to /run/NAME.pid)
U=/etc/systemd/system/$1
user=$(sed -n 's/^User=//p' $U); dir=$(sed -n 's/^WorkingDirectory=//p' $U); envf=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' $U)
umask=$(sed -n 's/^UMask=//p' $U); [ -n "$umask" ] && umask $umask
cd "$dir" || exit 1
sed -n 's/^ExecStart=//p' $U | while read -r line; do
  echo ">>> $(date -u +%H:%M:%S) $line"
  if [ -n "$BACKGROUND" ]; then
    setsid runuser -u "$user" -- /srv/lienhiep/app/.venv/bin/python -m lienhiep.core.env "$envf" $line </dev/null >>/var/log/$1.log 2>&1 &
    echo $! > /run/$1.pid
  else
    runuser -u "$user" -- /srv/lienhiep/app/.venv/bin/python -m lienhiep.core.env "$envf" $line </dev/null || exit $?
  fi
done
