// The demo's shared-limit scenario runs a real redis-server. On a fresh
// Debian machine where we are root, install it (as .ci/run does); anywhere
// else, say how, and let the demo run without that scenario (it reports
// itself skipped). AIOX_NO_APT=1 never installs.
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (!has('redis-server') && !process.env.REDIS_SERVER) {
  const root = process.getuid?.() === 0;
  if (root && has('apt-get') && process.env.AIOX_NO_APT !== '1') {
    console.log('Installing redis-server with apt-get (the shared-limit scenario needs one; AIOX_NO_APT=1 skips this)…');
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server >/dev/null'], { stdio: 'inherit', env });
    } catch {
      console.warn('apt-get could not install redis-server: the demo runs without the shared-limit scenario.');
    }
  } else {
    console.warn('No redis-server: the demo runs without the shared-limit scenario (apt-get install redis-server, or set REDIS_SERVER).');
  }
}
