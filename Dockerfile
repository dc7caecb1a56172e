# syntax=docker/dockerfile:1
# Three stages: the runtime dependencies, the compiled JavaScript, and an image of only those.
# scripts/image-test.sh builds this file and tests the image it makes (docs/operations.md, "Running in a container").
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile, and no runtime dependency needs an install script.
# Then drop what no running process reads: source maps, type declarations, docs, tests and
# examples (about 20 MB of the 81 MB; license files stay).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \
      -o -iname '*.md' -o -iname '*.markdown' \) -type f -delete \
 && find node_modules -depth -type d \( -name test -o -name tests -o -name __tests__ -o -name example \
      -o -name examples -o -name .github \) -exec rm -rf {} +

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json --sourceMap false

# Run: no compiler, no dev dependencies, no npm cache, not root; writes nothing to its file system,
# so it runs with a read-only root (Kubernetes readOnlyRootFilesystem, docker run --read-only).
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    NEDETID_CONFIG=/config/schedule.yaml
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
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
