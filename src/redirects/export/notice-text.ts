// The words an old app or mini-program shows instead of a service that moved or closed.
import type { RedirectRule } from '../../schema/index.js';

export function noticeText(unifiedAppName: string, action: RedirectRule['action']): string {
  return action === 'redirect'
    ? `本服务已迁移至${unifiedAppName}，正在为您打开。`
    : `本应用已停止服务，相关事项请在${unifiedAppName}中办理。`;
}
