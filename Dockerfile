# trustbadge: multi-stage image.
#   build   : installs all dependencies, compiles src/ only (tsconfig.build.json), prunes dev deps.
#   runtime : node:26-trixie-slim (Node 26, the current LTS; both stages on one major, so the native
#             modules installed in the build stage fit the runtime's Node) with dist/, production
#             node_modules, fonts/, public/ and the sample catalogue, running as the unprivileged
#             `node` user (uid 1000). The dev tools (tools/: bench, gen, gallery) are not in the image.
#
# Writable state: /app/data (the default store is sqlite:./data/trustbadge.db relative to /app, plus its
# -wal/-shm files). It is declared a VOLUME; a named volume is initialised from the image on first use
# (owned by `node`). A bind-mounted host folder there must be writable by uid 1000. The sample catalogue
# that seeds an empty store sits in /app/seed, outside the volume.
#
#   docker build -t trustbadge .
#   docker run -p 3000:3000 -v trustbadge-data:/app/data trustbadge

ARG NODE_IMAGE=node:26-trixie-slim

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build

# No compiler toolchain: better-sqlite3 (13 and later) ships its Node-API binaries inside the package,
# @resvg/resvg-js installs a prebuilt binary package per platform, and no other dependency builds
# anything at install.
WORKDIR /app

# Dependencies first, so this layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build \
 && rm -f dist/.tsbuildinfo dist/.tsbuildinfo-build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

ENV NODE_ENV=production \
    PORT=3000

WORKDIR /app

# Application files stay owned by root (read-only for the service); only data/ belongs to `node`.
RUN install -d -o node -g node -m 0755 /app/data

# package.json is needed at runtime: its "type": "module" makes dist/*.js ES modules.
COPY package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fonts ./fonts
COPY public ./public
# The sample catalogue lives outside the data volume, so a bind-mounted /app/data cannot hide it.
COPY data/sample.ndjson ./seed/sample.ndjson
ENV SAMPLE_DATA_PATH=/app/seed/sample.ndjson
# A heap limit well above what the bounded caches hold: V8 sizes its garbage-collection steps to
# the limit, and with the default (a quarter of the host's memory) the heap swells to several times
# what is live. Raise it with the caches (README, Configuration: NODE_OPTIONS). A small young
# generation: with V8's default for this limit, report pages alone grew it by ~100 MB of garbage.
ENV NODE_OPTIONS="--max-old-space-size=768 --max-semi-space-size=4"

USER node

VOLUME ["/app/data"]

EXPOSE 3000

# No curl in slim images: node's own fetch. PORT comes from the container's environment.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))"]

# Exec form: node is PID 1 and receives SIGTERM itself (main.ts drains for up to 10 s, then exits 0;
# give `docker stop -t 15` or a Kubernetes grace period above 10 s). No V8 flags: as `npm start` runs it.
CMD ["node", "dist/main.js"]
