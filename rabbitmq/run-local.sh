#!/usr/bin/env bash
# Start a throwaway RabbitMQ node for Parley development, on loopback only, in a temporary folder.
# Needs Debian's rabbitmq-server package. Ctrl-C stops the node and deletes the folder.
#
#   RABBITMQ_RELAY_PASSWORD, RABBITMQ_SERVICE_PASSWORD, RABBITMQ_ADMIN_PASSWORD  (default: random, printed)
#   AMQP_PORT (5672), STOMP_PORT (61613), MANAGEMENT_PORT (15672), WEB_STOMP_PORT (15674), DIST_PORT (25672)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
amqp=${AMQP_PORT:-5672}; stomp=${STOMP_PORT:-61613}; mgmt=${MANAGEMENT_PORT:-15672}
webstomp=${WEB_STOMP_PORT:-15674}; dist=${DIST_PORT:-25672}
random() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
relay_pw=${RABBITMQ_RELAY_PASSWORD:-$(random)}
service_pw=${RABBITMQ_SERVICE_PASSWORD:-$(random)}
admin_pw=${RABBITMQ_ADMIN_PASSWORD:-$(random)}

dir=$(mktemp -d /tmp/parley-rabbitmq.XXXXXX)
chmod 755 "$dir"
mkdir -p "$dir/mnesia" "$dir/log"
cp "$here/enabled_plugins" "$here/definitions.json" "$dir/"
cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$amqp
stomp.listeners.tcp.1 = 127.0.0.1:$stomp
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = $webstomp
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt
load_definitions = $dir/definitions.json
loopback_users.guest = true
heartbeat = 10
stomp.default_vhost = parley
CONF
[ "$(id -u)" = 0 ] && chown -R rabbitmq:rabbitmq "$dir"

export RABBITMQ_NODENAME="parley-dev-$$@localhost" RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
  RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
  RABBITMQ_DIST_PORT="$dist" RABBITMQ_PID_FILE="$dir/pid"
# one file descriptor per relayed client session: lift the soft limit as far as this shell may
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

stop() { [ -f "$dir/pid" ] && kill -TERM "$(cat "$dir/pid")" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap stop EXIT INT TERM
rabbitmq-server > "$dir/console.log" 2>&1 &

echo "starting RabbitMQ in $dir ..."
# the CLI cannot reach the node until it has registered with epmd: retry until it answers
for _ in $(seq 1 120); do
  rabbitmqctl -q -n "$RABBITMQ_NODENAME" await_startup --timeout 120 >/dev/null 2>&1 && break
  sleep 1
done
# definitions.json declares the users without passwords; give them theirs
rabbitmqctl -n "$RABBITMQ_NODENAME" change_password parley-relay "$relay_pw" >/dev/null
rabbitmqctl -n "$RABBITMQ_NODENAME" change_password parley-service "$service_pw" >/dev/null
rabbitmqctl -n "$RABBITMQ_NODENAME" change_password parley-admin "$admin_pw" >/dev/null

cat <<INFO

RabbitMQ is up (loopback only). Management UI: http://127.0.0.1:$mgmt  (parley-admin / $admin_pw)
Backend services publish to exchange parley.inbound as parley-service / $service_pw (vhost parley).

Run Parley nodes against it, e.g.:
  export PARLEY_JWT_SECRET=\$(head -c 32 /dev/urandom | base64)   # the same for every node
  export RABBITMQ_HOST=127.0.0.1 RABBITMQ_PORT=$amqp PARLEY_RELAY_PORT=$stomp RABBITMQ_VHOST=parley
  export RABBITMQ_USERNAME=parley-relay RABBITMQ_PASSWORD=$relay_pw
  export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/parley DATABASE_USERNAME=parley DATABASE_PASSWORD=...
  ./mvnw spring-boot:run -Dspring-boot.run.profiles=relay -Dspring-boot.run.arguments=--server.port=8081

Ctrl-C stops RabbitMQ and deletes $dir.
INFO
wait
