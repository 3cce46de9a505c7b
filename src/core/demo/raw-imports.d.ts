// Vite (the CLI bundle, the Electron main bundle) and vitest inline `?raw` imports as strings, so
// the fixture bodies travel inside the bundle and nothing has to be found on disk at runtime.
declare module '*?raw' {
  const text: string;
  export default text;
}
