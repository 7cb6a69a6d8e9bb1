// The exporter registry (DESIGN §4): a new exporter is one file in this folder plus one line here.
import type { Exporter } from './types.js';
import { nginxExporter } from './nginx.js';
import { cloudflareExporter } from './cloudflare.js';
import { jsonExporter } from './json.js';
import { routesExporter } from './routes.js';
import { miniprogramExporter } from './miniprogram.js';
import { xlsxExporter } from './xlsx.js';
import { qrExporter } from './qr.js';

export const EXPORTERS: Record<string, Exporter> = {
  nginx: nginxExporter,
  cloudflare: cloudflareExporter,
  json: jsonExporter,
  routes: routesExporter,
  miniprogram: miniprogramExporter,
  xlsx: xlsxExporter,
  qr: qrExporter,
};

export const EXPORT_FORMATS = Object.keys(EXPORTERS);
export type { Exporter, ExportContext, ExportOptions, FormatResult, RefusedRule } from './types.js';
