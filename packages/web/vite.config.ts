import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the Mainline server itself (same origin, session cookie);
// `npm run dev -w @mainline/web` proxies the API to a server on port 3000.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // React changes less often than our code: its own long-cached chunk. antd stays with its users,
        // so components only Setup needs (colour picker, …) load with the lazy Setup chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
});
