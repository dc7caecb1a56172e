# syntax=docker/dockerfile:1
# Build: compile TypeScript with dev dependencies, then keep only runtime dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

# Run: no compiler, no dev dependencies, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    NEDETID_CONFIG=/config/schedule.yaml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schema ./schema
COPY public ./public
# A default schedule; mount the directory holding the real one over /config (not the single file:
# editors replace the file, and a single-file bind mount keeps the old one): -v /srv/nedetid/config:/config:ro
COPY config/schedule.yaml /config/schedule.yaml
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# close-with-grace finishes in-flight requests on SIGTERM (docker stop, Kubernetes).
STOPSIGNAL SIGTERM
CMD ["node", "bin/nedetid", "serve"]
