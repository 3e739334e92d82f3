// The HTML report's consumer in the tests: headless Chromium (through playwright-core) opens
// the file with JavaScript off, records every request that is not the file itself, and runs
// axe-core (WCAG 2.0/2.1 A and AA) in the light and the dark colour scheme.
//
//   SMAUDIT_HTML_TOOLS=DIR node axe_check.mjs REPORT.html [--screenshots DIR]
//
// DIR holds node_modules/axe-core and node_modules/playwright-core (npm install --prefix DIR).
// Prints one JSON object: {requests: [...], schemes: {light: [...], dark: [...]}, shots: [...]},
// each violation {id, impact, help, targets}. Exit 0 whatever it found: the test judges.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const tools = process.env.SMAUDIT_HTML_TOOLS;
if (!tools) throw new Error("set SMAUDIT_HTML_TOOLS to the folder npm installed into");
const require = createRequire(join(resolve(tools), "package.json"));
const { chromium } = require("playwright-core");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [file, ...rest] = process.argv.slice(2);
const shotsAt = rest.indexOf("--screenshots");
const shots = shotsAt >= 0 ? rest[shotsAt + 1] : null;
const url = pathToFileURL(resolve(file)).href;
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// the page's first screen, then the top of each section: what a reader looks at
const PARTS = ["top", "summary", "since", "trend", "rollups", "controls", "waivers", "worklist"];
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

const browser = await chromium.launch({
  executablePath: process.env.SMAUDIT_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const requests = [];
const schemes = {};
const taken = [];
try {
  // axe needs the event loop of a page with JavaScript on; the page's own policy (script-src
  // 'none') still keeps any script of the report from running, and axe is evaluated through
  // the DevTools protocol, which that policy does not govern.
  const page = await open({ javaScriptEnabled: true, viewport: VIEWPORTS.desktop });
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    schemes[colorScheme] = await audit(page);
  }
  await page.context().close();
  if (shots) {
    // what a reader with JavaScript off sees, at desktop and phone widths
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const plain = await open({ javaScriptEnabled: false, viewport });
      for (const colorScheme of ["light", "dark"]) {
        await plain.emulateMedia({ colorScheme });
        for (const part of PARTS) {
          const path = join(shots, `${name}-${colorScheme}-${part}.png`);
          const clip = await plain.evaluate(
            ([id, width, tall]) => {
              const box = document.getElementById(id).getBoundingClientRect();
              const top = box.top + window.scrollY;
              return { x: 0, y: top, width, height: Math.min(box.height, tall) };
            },
            [part, viewport.width, viewport.height * 1.6],
          );
          await plain.screenshot({ path, clip, fullPage: true });
          taken.push(path);
        }
      }
      await plain.context().close();
    }
  }
} finally {
  await browser.close();
}

async function open(options) {
  const context = await browser.newContext(options);
  await context.route("**/*", (route) => {
    const wanted = route.request().url();
    if (wanted === url) return route.continue();
    if (!requests.includes(wanted)) requests.push(wanted);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return page;
}
process.stdout.write(JSON.stringify({ requests, schemes, shots: taken }) + "\n");

async function audit(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    TAGS,
  );
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}
