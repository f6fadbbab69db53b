# syntax=docker/dockerfile:1
# Interview Graph gateway image.
#   docker build -t interview-graph .
#   docker compose up            # with PostgreSQL, see docker-compose.yml
# Without DATABASE_URL the gateway falls back to embedded PGlite in /app/.data.

# ---- build: full dependencies, compile TypeScript with tsc -------------------
# tsc (not esbuild/tsx) because TypeGraphQL needs emitted decorator metadata.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is cached until they change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Output: dist/src/main.js (+ dist/migrations, loaded at start-up).
RUN npm run build

# ---- runtime: production dependencies and compiled output only ---------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no lifecycle script may need the dev tools left out here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY content ./content
COPY schema ./schema
# The embedded database (used when DATABASE_URL is unset) writes to .data/;
# everything else stays root-owned and read-only for the node user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
# Liveness only (/healthz): no curl in slim images, so ask with node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
