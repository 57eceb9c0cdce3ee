-- Core CMMS records: assets (activos) and purchase requisitions (presupuestos), the change log
-- every write appends to in its own transaction, and stored answers for Idempotency-Key replays.
-- Money and valuations are numeric(19,4): exact to four places, never binary floating point.

CREATE TABLE assets (
  codigo_interno        text COLLATE "C" PRIMARY KEY,
  nombre                text NOT NULL,
  numero_de_serie       text,
  valor_adquisicion     numeric(19,4) CHECK (valor_adquisicion >= 0),
  valor_libros          numeric(19,4) CHECK (valor_libros >= 0),
  fecha_adquisicion     timestamptz,
  sitio                 text COLLATE "C",
  ubicacion             text,
  categoria             text,
  estado_operativo      text NOT NULL DEFAULT 'operativo',
  fabricante            text,
  modelo                text,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  dynamics_id           text,
  dynamics_synced_at    timestamptz,
  dynamics_sync_error   text
);
CREATE INDEX assets_updated_at ON assets (updated_at, codigo_interno);
CREATE INDEX assets_sitio ON assets (sitio, codigo_interno);

CREATE TABLE purchase_orders (
  numero_requisicion    text COLLATE "C" PRIMARY KEY,
  justificacion         text NOT NULL,
  total                 numeric(19,4) NOT NULL CHECK (total >= 0),
  moneda                text NOT NULL DEFAULT 'USD',
  estado                text NOT NULL DEFAULT 'borrador',
  fecha_creacion        timestamptz NOT NULL DEFAULT now(),
  sitio                 text COLLATE "C",
  solicitante           text,
  proveedor             text,
  lineas                jsonb NOT NULL DEFAULT '[]'::jsonb,
  version               integer NOT NULL DEFAULT 1,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  dynamics_id           text,
  dynamics_synced_at    timestamptz,
  dynamics_sync_error   text,
  -- Dynamics' modifiedon of the last status change applied from Dynamics; older call-backs are ignored.
  dynamics_status_modified_on timestamptz,
  CONSTRAINT purchase_orders_estado CHECK (estado IN
    ('borrador','pendiente','aprobada','rechazada','ordenada','recibida','cancelada'))
);
CREATE INDEX purchase_orders_updated_at ON purchase_orders (updated_at, numero_requisicion);
CREATE INDEX purchase_orders_estado_idx ON purchase_orders (estado, numero_requisicion);

-- One row per write, appended in the write's transaction. Writers of one entity serialize on an
-- advisory lock before appending, so `seq` order is commit order and a cursor never skips a row.
CREATE TABLE change_log (
  seq             bigserial PRIMARY KEY,
  entity          text NOT NULL CHECK (entity IN ('assets','purchaseOrders')),
  record_key      text NOT NULL,
  operation       text NOT NULL CHECK (operation IN ('upsert','delete')),
  version         integer NOT NULL,
  origin          text NOT NULL,
  changed_fields  text[] NOT NULL DEFAULT '{}',
  changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_entity_seq ON change_log (entity, seq);
CREATE INDEX change_log_entity_key ON change_log (entity, record_key, seq);

CREATE TABLE idempotency_keys (
  scope           text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash    text NOT NULL,
  response_status integer,
  response_headers jsonb,
  response_body   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
