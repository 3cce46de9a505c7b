# A container for `streamscope watch`: the CLI only (no Electron), Node 22 LTS.
#   docker build -t streamscope .
#   docker run -p 9464:9464 -v "$PWD/watch.yaml:/config/watch.yaml:ro" -e TOKEN streamscope
# Inside a container /metrics must listen on all interfaces for the port mapping to reach it.
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build --config vite.cli.config.mts

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/out/cli ./out/cli
COPY bin ./bin
USER node
EXPOSE 9464
ENTRYPOINT ["node", "bin/streamscope.js", "watch", "/config/watch.yaml", "--listen", "0.0.0.0:9464"]
