// Third-party adapters import `yimen/sdk`. An adapter loaded from a path (or a package that lists
// yimen only as a peer) may have no `yimen` of its own to resolve it from, and one that has would
// hand back another copy's classes (YimenError, HttpError) and context: so the running yimen
// provides its own SDK to every adapter it loads, through a module resolve hook (node:module).
import { register } from 'node:module';

let provided = false;

/** the specifiers the host answers, and the files (of this very build) they mean */
export function sdkSpecifiers(base = import.meta.url): Record<string, string> {
  const ext = base.endsWith('.ts') ? '.ts' : '.js'; // tsx runs the sources, node the build
  const at = (p: string) => new URL(`${p}${ext}`, base).href;
  return {
    'yimen/sdk': at('../sdk/index'),
    'yimen/sdk/testkit': at('../sdk/testkit'),
    'yimen/testkit': at('../sdk/testkit'),
    yimen: at('../index'),
  };
}

export function provideSdk(): void {
  if (provided) return;
  provided = true;
  const code = `const map = ${JSON.stringify(sdkSpecifiers())};
export async function resolve(specifier, context, next) {
  if (Object.prototype.hasOwnProperty.call(map, specifier)) return { url: map[specifier], shortCircuit: true };
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(code)}`);
}
