import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Optional baseline: nginx serving the same all.ics from a directory, one foreground process
 * (no master, one worker loop) on a loopback port, with a throw-away config in `dir`. Its access
 * log goes to /dev/null, like the Node servers' logs.
 */
export function startNginx(dir: string, root: string, port: number, pin: string[]): ChildProcess {
  for (const sub of ['client', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log /dev/null;
  client_body_temp_path ${join(dir, 'client')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  types { text/calendar ics; }
  charset utf-8;
  charset_types text/calendar;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  return spawn(pin[0]!, [...pin.slice(1), 'nginx', '-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
}
