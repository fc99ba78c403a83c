# syntax=docker/dockerfile:1
# Parley API image: the NestJS API plus the built Angular client it serves.
#   docker build -t parley-api .
#   docker run -p 3000:3000 -e JWT_SECRET="$(openssl rand -base64 48)" -v parley-data:/app/data parley-api
# Layout inside the image mirrors the repository's dist/: /app/dist/apps/api/main.js and
# /app/dist/apps/web/browser, which is where the API looks for the client by default (WEB_DIST_DIR).

ARG NODE_IMAGE=node:20-bookworm-slim

# Toolchain for the native modules (argon2, better-sqlite3) when no prebuilt binary fits.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true

# 1. Build both apps with the whole workspace (dev dependencies included).
FROM toolchain AS build
WORKDIR /workspace
COPY package.json package-lock.json ./
# `npm install` with the committed lockfile (`npm ci` refuses lockfiles that list optional packages
# of other platforms the registry mirror lacks; see the README).
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build compress -p api web --outputStyle=static

# 2. Production dependencies only, from the package.json the webpack build generates for the bundle.
FROM toolchain AS prod-deps
WORKDIR /deps
COPY --from=build /workspace/dist/apps/api/package.json /workspace/dist/apps/api/package-lock.json ./
COPY --from=build /workspace/package-lock.json /tmp/workspace-lock.json
# The generated package.json lists what webpack saw imported; TypeORM loads the PostgreSQL driver
# (`pg`) at run time and the bundle requires `tslib`, so both are added at the workspace's locked version.
RUN node -e "\
const fs = require('fs'); \
const pkg = require('./package.json'); \
const lock = require('/tmp/workspace-lock.json'); \
for (const name of ['pg', 'tslib']) { \
  if (pkg.dependencies[name]) continue; \
  const entry = lock.packages['node_modules/' + name]; \
  if (!entry) throw new Error(name + ' is not in the workspace lockfile'); \
  pkg.dependencies[name] = entry.version; \
} \
fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2));" \
 && npm install --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# 3. Runtime: node, the bundle, its production node_modules and the web client. No compiler, no sources.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps --chown=root:root /deps/node_modules ./dist/apps/api/node_modules
COPY --from=build --chown=root:root /workspace/dist/apps/api/main.js /workspace/dist/apps/api/package.json ./dist/apps/api/
COPY --from=build --chown=root:root /workspace/dist/apps/web/browser ./dist/apps/web/browser
# The code is root-owned and read-only for the app; only DATA_DIR (SQLite file, generated secrets) is writable.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# Liveness only: readiness (GET /api/health, database and Redis) is for the load balancer to decide.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (graceful shutdown); no shell in between to swallow it.
CMD ["node", "dist/apps/api/main.js"]
