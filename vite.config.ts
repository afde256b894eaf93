import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { postalCodes } from './web/build/postal-codes';

// The web app lives in web/ and is built to web/dist, which the local server and CloudFront serve.
export default defineConfig({
  root: 'web',
  plugins: [solid(), postalCodes()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npx vite` during development: the API and /config.json come from the local server.
    proxy: {
      '/api': 'http://localhost:3000',
      '/config.json': 'http://localhost:3000',
    },
  },
});
