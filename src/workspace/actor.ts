// Who is acting (DESIGN §5): --actor, else YIMEN_ACTOR, else the git user, else the OS user.
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

export function resolveActor(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag?.trim()) return flag.trim();
  if (env.YIMEN_ACTOR?.trim()) return env.YIMEN_ACTOR.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    const email = execFileSync('git', ['config', 'user.email'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim();
    if (name) return email ? `${name} <${email}>` : name;
  } catch {
    // no git or no user configured: fall through to the OS user
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
