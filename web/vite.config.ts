/// <reference types="vitest/config" />
// Vite builds the SPA into dist/: index.html at the root and content-hashed assets under
// public/build/, each with a .gz twin that `sightline server` embeds and sends as is.
// `npm run dev` serves the UI on :5173 and forwards the API to a server on :3000.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const backend = process.env.SIGHTLINE_URL ?? 'http://localhost:3000';

/** Writes `<file>.gz` beside every compressible file of the build. */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'sightline-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|map)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

/** The dev server's stand-in for the <base href> that `sightline server` writes. */
function devBase(): Plugin {
  return {
    name: 'sightline-dev-base',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace('<head>', '<head>\n<base href="/">'),
  };
}

export default defineConfig({
  // Relative URLs: the server adds <base href> for [server] root_url sub paths.
  base: './',
  publicDir: 'static',
  plugins: [react(), precompress(), devBase()],
  build: {
    assetsDir: 'public/build',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      '/api': backend,
      '/login': { target: backend, bypass: (req) => (req.method === 'GET' ? req.url : undefined) },
      '/logout': backend,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
