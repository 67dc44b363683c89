#!/usr/bin/env bash
# Flux substitutes variables in this file: shell variables are written with a doubled dollar sign so that they reach the script intact.
set -euo pipefail
SECTION="$${1:-1}"
curl -fsS -X GET "http://localhost:32400/library/sections/$${SECTION}/refresh?X-Plex-Token=$${PLEX_TOKEN}"
echo "refreshed section $${SECTION} of plex.${SECRET_DOMAIN}"
