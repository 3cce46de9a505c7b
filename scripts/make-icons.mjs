// Renders build/icon.svg into the app icons electron-builder packs: PNGs for Linux
// (build/icons/<n>x<n>.png), build/icon.icns for macOS and build/icon.ico for Windows. Chromium
// (playwright-core; CHROMIUM_PATH, default /usr/bin/chromium) rasterises the SVG; ICNS and ICO
// are written here as containers of those PNGs. Run `node scripts/make-icons.mjs` after editing
// the SVG and commit the results.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const build = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');
const svg = readFileSync(join(build, 'icon.svg'), 'utf8');
const SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];

async function render() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    const pngs = new Map();
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
      );
      pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** ICNS: 'icns', total length, then (type, length, PNG) entries. */
function icns(pngs) {
  const types = [
    ['icp4', 16],
    ['icp5', 32],
    ['icp6', 64],
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  const chunks = types.map(([type, size]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + pngs.get(size).length, 4);
    return Buffer.concat([head, pngs.get(size)]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

/** ICO with PNG-compressed entries (Windows Vista and later). */
function ico(pngs) {
  const sizes = [16, 32, 48, 64, 128, 256];
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = 6 + 16 * sizes.length;
  const entries = sizes.map((size) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size === 256 ? 0 : size, 0); // 0 means 256
    e.writeUInt8(size === 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(pngs.get(size).length, 8);
    e.writeUInt32LE(offset, 12);
    offset += pngs.get(size).length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...sizes.map((s) => pngs.get(s))]);
}

const pngs = await render();
mkdirSync(join(build, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
  writeFileSync(join(build, 'icons', `${size}x${size}.png`), pngs.get(size));
writeFileSync(join(build, 'icon.icns'), icns(pngs));
writeFileSync(join(build, 'icon.ico'), ico(pngs));
console.log('wrote build/icons/*.png, build/icon.icns, build/icon.ico');
