# syntax=docker/dockerfile:1
# passwatch: multi-stage build on the official Node 22 images; runs as the unprivileged `node` user.

FROM node:22-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build.js ./scripts/build.js
COPY src ./src
# Native addons (better-sqlite3) build here, where python3/make/g++ are available; the `prepare`
# script bundles src into dist/ (scripts/build.js).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PASSWATCH_DATA_DIR=/app/data \
    PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY --from=deps /app/dist ./dist
COPY config ./config
COPY assets ./assets
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/passwatch.js", "serve"]
