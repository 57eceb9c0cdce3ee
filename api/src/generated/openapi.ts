/* Generated from openapi.yaml by scripts/generate-types.ts (npm run generate:types). Do not edit. */
export interface paths {
    "/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List assets
         * @description Lists assets ordered by internal code, one page at a time, with optional filters.
         */
        get: operations["ListAssets"];
        put?: never;
        /**
         * Create an asset
         * @description Creates an asset; its internal code must not exist yet.
         */
        post: operations["CreateAsset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/assets/{codigo_interno}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        /**
         * Get an asset
         * @description Gets one asset by its internal code, with its version as an ETag.
         */
        get: operations["GetAsset"];
        put?: never;
        post?: never;
        /**
         * Delete an asset
         * @description Deletes an asset; send If-Match with its ETag to delete only the version you saw.
         */
        delete: operations["DeleteAsset"];
        options?: never;
        head?: never;
        /**
         * Update an asset
         * @description Changes the given fields of an asset; send If-Match with its ETag to avoid overwriting newer changes. A field whose Dynamics column the mapping gives to Dynamics (the book value by default) cannot be changed here and answers 409 naming it and its owner, unless the caller is the sync itself (an app-only token).
         */
        patch: operations["UpdateAsset"];
        trace?: never;
    };
    "/assets/{codigo_interno}/dynamics-changes": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply asset changes from Dynamics
         * @description Applies the values of the asset's Dynamics-owned columns (the book value by default) changed in Dynamics 365. Columns the CMMS owns are refused with 409 naming them; a change older than the last one applied changes nothing and says so; the applied change is never sent back to Dynamics.
         */
        post: operations["ApplyAssetChangesFromDynamics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/dynamics/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check the connection to Dynamics 365
         * @description Gets a token from Entra ID and calls WhoAmI; a failure is answered 200 with the step that failed and a hint naming what to fix.
         */
        post: operations["CheckDynamicsConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live overview updates
         * @description A server-sent event stream; each overview event carries a ConsoleOverview as JSON, sent when something changes and every few seconds.
         */
        get: operations["StreamConsoleEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/failures/{failureId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a sync failure from the console
         * @description Retry sync failure for the console; needs an admin role.
         */
        post: operations["ConsoleRetrySyncFailure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/failures/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry every parked failure
         * @description Puts every parked failure (optionally of one entity or consumer) back in its feed with a fresh attempt budget; needs an admin role.
         */
        post: operations["ConsoleRetryParkedFailures"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a sync job from the console
         * @description Start a sync job for the console; needs an admin role.
         */
        post: operations["ConsoleStartSyncJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/jobs/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a sync job from the console
         * @description Cancel a sync job for the console; needs an admin role.
         */
        post: operations["ConsoleCancelSyncJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sync's health at a glance
         * @description Each consumer's backlog and lag, failures, jobs, webhook subscriptions with their delivery state, and changes and deliveries per minute over the last hour.
         */
        get: operations["GetConsoleOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in to the console
         * @description Answers the signed-in caller and whether they may retry, redeliver, start and cancel; 401 when the credentials are refused.
         */
        get: operations["GetConsoleSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The effective settings
         * @description Every setting in force, secrets shown only as set or not set.
         */
        get: operations["GetConsoleSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/api/webhook-deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver a dead webhook delivery from the console
         * @description Redeliver a dead webhook delivery for the console; needs an admin role.
         */
        post: operations["ConsoleRedeliverWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dataverse/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a Dataverse webhook
         * @description Takes a Dataverse RemoteExecutionContext and applies a purchase order's statuscode change, or the changed asset columns the mapping gives to Dynamics; authenticated by its webhook key, not by the connector's credentials.
         */
        post: operations["ReceiveDataverseWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the service is alive
         * @description Answers 200 while the process is running; used by load balancers.
         */
        get: operations["GetHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/purchase-order-statuses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List purchase order statuses
         * @description Lists the purchase-order statuses with their display names and Dynamics option values, for dropdowns.
         */
        get: operations["ListPurchaseOrderStatuses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/purchase-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List purchase orders
         * @description Lists purchase requisitions ordered by number, one page at a time, with optional filters.
         */
        get: operations["ListPurchaseOrders"];
        put?: never;
        /**
         * Create a purchase order
         * @description Creates a purchase requisition in status borrador, or pendiente when given.
         */
        post: operations["CreatePurchaseOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/purchase-orders/{numero_requisicion}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The purchase requisition's number, its unique key in the CMMS. */
                numero_requisicion: components["parameters"]["NumeroRequisicion"];
            };
            cookie?: never;
        };
        /**
         * Get a purchase order
         * @description Gets one purchase requisition by its number, with its version as an ETag.
         */
        get: operations["GetPurchaseOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a purchase order
         * @description Changes the given fields of a purchase requisition, including its status along the approval process.
         */
        patch: operations["UpdatePurchaseOrder"];
        trace?: never;
    };
    "/purchase-orders/{numero_requisicion}/status": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The purchase requisition's number, its unique key in the CMMS. */
                numero_requisicion: components["parameters"]["NumeroRequisicion"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set purchase order status from Dynamics
         * @description Applies a status reported by Dynamics 365; an equal or older status changes nothing and says so.
         */
        post: operations["SetPurchaseOrderStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check that the service can serve requests
         * @description Answers 200 when the database answers, 503 otherwise.
         */
        get: operations["GetReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sites
         * @description Lists the site codes that assets use, for dropdowns.
         */
        get: operations["ListSites"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/acknowledgements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge changes
         * @description Commits a page's cursor for a consumer and records which records Dynamics accepted or refused.
         */
        post: operations["AcknowledgeChanges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/assets/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get asset changes
         * @description Returns the asset changes after the consumer's acknowledged cursor, in Dynamics column names, until they are acknowledged.
         */
        get: operations["GetAssetChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/assets/poll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * When assets change (polling)
         * @description Starts a flow with the assets created, changed or deleted since the last poll.
         */
        get: operations["PollAssetChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sync failures
         * @description Lists records whose write to Dynamics failed, with their attempts and last error, for operators.
         */
        get: operations["ListSyncFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/failures/{failureId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a sync failure
         * @description Puts a failed or parked record back at the front of its consumer's feed with a fresh attempt budget.
         */
        post: operations["RetrySyncFailure"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sync jobs
         * @description Lists the most recent sync jobs, newest first, with their progress and first errors.
         */
        get: operations["ListSyncJobs"];
        put?: never;
        /**
         * Start a sync of assets or purchase orders into Dynamics 365
         * @description Queues a background job that pushes every record (full) or the changes since the last job (changes) into Dynamics 365; it answers 202 with Location and Retry-After, so the action waits for the job and returns its outcome.
         */
        post: operations["StartSyncJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/jobs/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        /**
         * Get a sync job
         * @description Answers 202 with Location and Retry-After while the job is queued or running, and 200 with its counts, timings and first errors once it has ended.
         */
        get: operations["GetSyncJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/jobs/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a sync job
         * @description Cancels a queued job at once, or stops a running one after the chunk it is writing; records already written stay written.
         */
        post: operations["CancelSyncJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/purchase-orders/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get purchase order changes
         * @description Returns the purchase-order changes after the consumer's acknowledged cursor, in Dynamics column names, until they are acknowledged.
         */
        get: operations["GetPurchaseOrderChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sync/purchase-orders/poll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * When purchase orders change (polling)
         * @description Starts a flow with the purchase orders created, changed or deleted since the last poll.
         */
        get: operations["PollPurchaseOrderChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook deliveries
         * @description Lists webhook deliveries newest first, for operators; status dead lists the dead letters.
         */
        get: operations["ListWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery's id, as listed. */
                deliveryId: number;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver a dead webhook delivery
         * @description Queues a dead-lettered delivery again with fresh attempts; it is sent in order with the record's later events.
         */
        post: operations["RedeliverWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/{subscriptionId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subscription's id, the last segment of the Location the subscription answered with. */
                subscriptionId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a webhook subscription
         * @description Removes a webhook trigger's subscription; the platform calls it when the trigger or its flow is deleted.
         */
        delete: operations["DeleteWebhookSubscription"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * When an asset changes
         * @description Starts the flow each time an asset is created, updated or deleted in the CMMS.
         */
        post: operations["SubscribeAssetChanges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/purchase-order-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * When the status of a purchase order changes
         * @description Starts the flow each time a purchase requisition moves to another status in the CMMS.
         */
        post: operations["SubscribePurchaseOrderStatusChanges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A consumer's acknowledgement of a page of changes. */
        Acknowledgement: {
            /** @description The consumer name used to read the page. */
            consumer: string;
            /** @description The cursor of the page being acknowledged. */
            cursor: string;
            entity: components["schemas"]["ChangeEntity"];
            /** @description Optional outcome per record; failed records are retried and parked after the attempt limit. */
            results?: components["schemas"]["RecordResult"][];
        };
        /** @description What an acknowledgement did. */
        AcknowledgementOutcome: {
            /** @description False when the cursor was already acknowledged or a later one was; nothing changed then. */
            applied: boolean;
            /** @description The consumer. */
            consumer: string;
            entity: components["schemas"]["ChangeEntity"];
            /**
             * Format: int32
             * @description How many records were recorded as failed.
             */
            failed: number;
            /** @description Keys of the records parked by this acknowledgement after too many failed attempts. */
            parked: string[];
            /**
             * @description Why nothing was applied.
             * @enum {string}
             */
            reason?: "repeated" | "stale";
            /**
             * Format: int32
             * @description How many records were recorded as written to Dynamics.
             */
            succeeded: number;
        };
        /** @description An asset (activo) of the CMMS. */
        Asset: {
            categoria?: components["schemas"]["AssetFields"]["categoria"];
            /** @description The asset's internal code, its unique key. */
            codigo_interno: string;
            created_at: components["schemas"]["RecordMeta"]["created_at"];
            dynamics_id?: components["schemas"]["RecordMeta"]["dynamics_id"];
            dynamics_sync_error?: components["schemas"]["RecordMeta"]["dynamics_sync_error"];
            dynamics_synced_at?: components["schemas"]["RecordMeta"]["dynamics_synced_at"];
            estado_operativo: components["schemas"]["AssetFields"]["estado_operativo"];
            fabricante?: components["schemas"]["AssetFields"]["fabricante"];
            fecha_adquisicion?: components["schemas"]["AssetFields"]["fecha_adquisicion"];
            modelo?: components["schemas"]["AssetFields"]["modelo"];
            nombre: components["schemas"]["AssetFields"]["nombre"];
            numero_de_serie?: components["schemas"]["AssetFields"]["numero_de_serie"];
            sitio?: components["schemas"]["AssetFields"]["sitio"];
            ubicacion?: components["schemas"]["AssetFields"]["ubicacion"];
            updated_at: components["schemas"]["RecordMeta"]["updated_at"];
            valor_adquisicion?: components["schemas"]["AssetFields"]["valor_adquisicion"];
            valor_libros?: components["schemas"]["AssetFields"]["valor_libros"];
            version: components["schemas"]["RecordMeta"]["version"];
        };
        /**
         * @description The kind of equipment.
         * @enum {string}
         */
        AssetCategory: "transformador" | "turbina" | "inversor" | "interruptor" | "subestacion" | "generador" | "medidor" | "banco_baterias" | "panel_solar" | "linea" | "otro";
        /** @description The event posted when an asset changes. */
        AssetChangeEvent: {
            /** @description The asset as the CMMS shows it; only codigo_interno for a delete. */
            data: {
                categoria?: components["schemas"]["AssetFields"]["categoria"];
                codigo_interno?: components["schemas"]["Asset"]["codigo_interno"];
                created_at?: components["schemas"]["RecordMeta"]["created_at"];
                dynamics_id?: components["schemas"]["RecordMeta"]["dynamics_id"];
                dynamics_sync_error?: components["schemas"]["RecordMeta"]["dynamics_sync_error"];
                dynamics_synced_at?: components["schemas"]["RecordMeta"]["dynamics_synced_at"];
                estado_operativo?: components["schemas"]["AssetFields"]["estado_operativo"];
                fabricante?: components["schemas"]["AssetFields"]["fabricante"];
                fecha_adquisicion?: components["schemas"]["AssetFields"]["fecha_adquisicion"];
                modelo?: components["schemas"]["AssetFields"]["modelo"];
                nombre?: components["schemas"]["AssetFields"]["nombre"];
                numero_de_serie?: components["schemas"]["AssetFields"]["numero_de_serie"];
                sitio?: components["schemas"]["AssetFields"]["sitio"];
                ubicacion?: components["schemas"]["AssetFields"]["ubicacion"];
                updated_at?: components["schemas"]["RecordMeta"]["updated_at"];
                valor_adquisicion?: components["schemas"]["AssetFields"]["valor_adquisicion"];
                valor_libros?: components["schemas"]["AssetFields"]["valor_libros"];
                version?: components["schemas"]["RecordMeta"]["version"];
            };
            entity: components["schemas"]["WebhookEventFields"]["entity"];
            eventId: components["schemas"]["WebhookEventFields"]["eventId"];
            eventType: components["schemas"]["WebhookEventFields"]["eventType"];
            key: components["schemas"]["WebhookEventFields"]["key"];
            occurredAt: components["schemas"]["WebhookEventFields"]["occurredAt"];
            operation: components["schemas"]["WebhookEventFields"]["operation"];
            origin?: components["schemas"]["WebhookEventFields"]["origin"];
            record: components["schemas"]["WebhookEventFields"]["record"];
            rowId?: components["schemas"]["WebhookEventFields"]["rowId"];
            version: components["schemas"]["WebhookEventFields"]["version"];
        };
        /** @description A new asset. */
        AssetCreate: {
            categoria?: components["schemas"]["AssetFields"]["categoria"];
            /** @description The asset's internal code, its unique key; letters, digits, dot, dash, underscore and slash. */
            codigo_interno: string;
            estado_operativo?: components["schemas"]["AssetFields"]["estado_operativo"];
            fabricante?: components["schemas"]["AssetFields"]["fabricante"];
            fecha_adquisicion?: components["schemas"]["AssetFields"]["fecha_adquisicion"];
            modelo?: components["schemas"]["AssetFields"]["modelo"];
            nombre: components["schemas"]["AssetFields"]["nombre"];
            numero_de_serie?: components["schemas"]["AssetFields"]["numero_de_serie"];
            sitio?: components["schemas"]["AssetFields"]["sitio"];
            ubicacion?: components["schemas"]["AssetFields"]["ubicacion"];
            valor_adquisicion?: components["schemas"]["AssetFields"]["valor_adquisicion"];
            valor_libros?: components["schemas"]["AssetFields"]["valor_libros"];
        };
        /** @description The writable fields of an asset. */
        AssetFields: {
            /**
             * @description The kind of equipment.
             * @enum {string|null}
             */
            categoria?: "transformador" | "turbina" | "inversor" | "interruptor" | "subestacion" | "generador" | "medidor" | "banco_baterias" | "panel_solar" | "linea" | "otro" | null;
            /**
             * @description The operating status; operativo when not given.
             * @enum {string}
             */
            estado_operativo?: "operativo" | "en_mantenimiento" | "fuera_de_servicio" | "dado_de_baja";
            /** @description The manufacturer. */
            fabricante?: string | null;
            /**
             * Format: date-time
             * @description When the asset was acquired (ISO 8601; a plain date is accepted).
             */
            fecha_adquisicion?: string | null;
            /** @description The manufacturer's model. */
            modelo?: string | null;
            /** @description The asset's name. */
            nombre?: string;
            /** @description The manufacturer's serial number. */
            numero_de_serie?: string | null;
            /** @description The code of the site (plant, substation, farm) where the asset is. */
            sitio?: string | null;
            /** @description Where the asset stands within its site. */
            ubicacion?: string | null;
            /**
             * Format: double
             * @description The acquisition cost, exact to four decimal places.
             */
            valor_adquisicion?: number | null;
            /**
             * Format: double
             * @description The current book value, exact to four decimal places.
             */
            valor_libros?: number | null;
        };
        /** @description A page of assets. */
        AssetPage: {
            /**
             * Format: uri
             * @description The URL of the next page; absent on the last page.
             */
            nextLink?: string;
            /** @description The assets on this page. */
            value: components["schemas"]["Asset"][];
        };
        /** @description What the asset trigger listens for and where the flow receives it. */
        AssetSubscriptionRequest: {
            callbackUrl: components["schemas"]["WebhookSubscriptionFields"]["callbackUrl"];
            /**
             * @description Which changes start the flow; all when not given.
             * @default all
             * @enum {string}
             */
            events: "all" | "upsert" | "delete";
            sitio?: components["schemas"]["WebhookSubscriptionFields"]["sitio"];
        };
        /** @description The asset fields to change; absent fields keep their value, null clears an optional one. */
        AssetUpdate: {
            categoria?: components["schemas"]["AssetFields"]["categoria"];
            estado_operativo?: components["schemas"]["AssetFields"]["estado_operativo"];
            fabricante?: components["schemas"]["AssetFields"]["fabricante"];
            fecha_adquisicion?: components["schemas"]["AssetFields"]["fecha_adquisicion"];
            modelo?: components["schemas"]["AssetFields"]["modelo"];
            nombre?: components["schemas"]["AssetFields"]["nombre"];
            numero_de_serie?: components["schemas"]["AssetFields"]["numero_de_serie"];
            sitio?: components["schemas"]["AssetFields"]["sitio"];
            ubicacion?: components["schemas"]["AssetFields"]["ubicacion"];
            valor_adquisicion?: components["schemas"]["AssetFields"]["valor_adquisicion"];
            valor_libros?: components["schemas"]["AssetFields"]["valor_libros"];
        };
        /**
         * @description Which records, assets or purchaseOrders.
         * @enum {string}
         */
        ChangeEntity: "assets" | "purchaseOrders";
        /** @description One changed record, coalesced to its latest state. */
        ChangeItem: {
            /** @description The CMMS key (codigo_interno or numero_requisicion), also the Dynamics alternate key value. */
            key: string;
            /**
             * @description What to do in Dynamics, upsert to create or update the row or delete to remove it.
             * @enum {string}
             */
            operation: "upsert" | "delete";
            /** @description The record in Dynamics column names and types, ready for a Dataverse action; for a delete only the key column. */
            record: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description The row's id in Dynamics, only for a key Dataverse cannot address in a URL (one holding any of / # < > * % & : \ ? +): write and delete the row by this id, with the key column in the body.
             */
            rowId?: string;
            /**
             * Format: int64
             * @description The change-log sequence number of the record's latest change.
             */
            seq: number;
            /**
             * Format: int32
             * @description The record's version in the CMMS.
             */
            version: number;
        };
        /** @description A page of changes and the cursor that acknowledges it. */
        ChangePage: {
            /** @description The opaque cursor to pass to Acknowledge changes once the items are written. */
            cursor: string;
            /** @description True when more changes are waiting after this page. */
            hasMore: boolean;
            /** @description The changes, previously failed records first, then oldest first. */
            items: components["schemas"]["ChangeItem"][];
        };
        /** @description One consumer of a change feed and how far behind it is. */
        ConsoleConsumer: {
            /** @description The consumer's name. */
            consumer: string;
            entity: components["schemas"]["ChangeEntity"];
            /**
             * Format: int32
             * @description Age of its oldest unacknowledged change, 0 when it is up to date.
             */
            lagSeconds: number;
            /**
             * Format: date-time
             * @description When it last acknowledged a page.
             */
            lastAcknowledgedAt: string | null;
            /**
             * Format: date-time
             * @description When its oldest unacknowledged change was made.
             */
            oldestPendingAt: string | null;
            /**
             * Format: int32
             * @description Failed records waiting for an operator.
             */
            parked: number;
            /**
             * Format: int32
             * @description Records waiting for it, new changes plus failures due a retry.
             */
            pending: number;
            /**
             * Format: int32
             * @description Failed records still being retried.
             */
            retrying: number;
        };
        /** @description The sync's health at a glance. */
        ConsoleOverview: {
            /** @description Changes made and webhook deliveries per minute over the last hour, oldest minute first. */
            activity: {
                /** @description Changes per minute. */
                changes: number[];
                /** @description Webhook deliveries per minute. */
                deliveries: number[];
                /**
                 * Format: date-time
                 * @description The first minute's start.
                 */
                start: string;
            };
            /** @description Every consumer of the change feeds. */
            consumers: components["schemas"]["ConsoleConsumer"][];
            /** @description Each change log's head. */
            entities: {
                entity: components["schemas"]["ChangeEntity"];
                /**
                 * Format: int64
                 * @description The latest change's position.
                 */
                headSeq: number;
                /**
                 * Format: date-time
                 * @description When the latest change was made.
                 */
                lastChangeAt: string | null;
            }[];
            /** @description Sync failures by state. */
            failures: {
                /**
                 * Format: int32
                 * @description Failures waiting for an operator.
                 */
                parked: number;
                /**
                 * Format: int32
                 * @description Failures still retried by the feed.
                 */
                retrying: number;
            };
            /**
             * Format: date-time
             * @description When the figures were read.
             */
            generatedAt: string;
            /** @description Sync jobs by state and the latest ones. */
            jobs: {
                /** @description How many jobs are in each state. */
                byStatus: {
                    [key: string]: number;
                };
                /** @description The ten latest jobs, newest first. */
                recent: components["schemas"]["SyncJob"][];
            };
            /** @description Webhook subscriptions and dead letters. */
            webhooks: {
                /**
                 * Format: int32
                 * @description Dead letters of every subscription.
                 */
                dead: number;
                /** @description Every subscription. */
                subscriptions: components["schemas"]["ConsoleSubscription"][];
            };
        };
        /** @description Which parked failures to retry; all when empty. */
        ConsoleRetryFilter: {
            /** @description Only this consumer's failures. */
            consumer?: string;
            entity?: components["schemas"]["ChangeEntity"];
        };
        /** @description How many parked failures were put back in their feeds. */
        ConsoleRetryOutcome: {
            /**
             * Format: int32
             * @description The number of failures put back.
             */
            retried: number;
        };
        /** @description The caller signed in to the console. */
        ConsoleSession: {
            /** @description The app roles that let signed-in users change state. */
            adminRoles: string[];
            /**
             * @description The API's sign-in mode.
             * @enum {string}
             */
            authMode: "entra" | "apikey" | "none";
            /** @description True when the caller may retry, redeliver, start and cancel. */
            canChange: boolean;
            /** @description The caller's object id, or a fingerprint of the API key. */
            id: string;
            /**
             * @description What kind of caller this is.
             * @enum {string}
             */
            kind: "user" | "app" | "apikey" | "anonymous";
            /** @description The signed-in user's name or the application's id. */
            name?: string;
        };
        /** @description The settings in force. */
        ConsoleSettingList: {
            /** @description The mapping in force, with the direction of each column. */
            mapping: {
                /** @description One entry per mapped column. */
                columns: {
                    /** @description The Dynamics column. */
                    column: string;
                    /**
                     * @description Which way the values flow.
                     * @enum {string}
                     */
                    direction: "to-dynamics" | "from-dynamics" | "both-ways";
                    /**
                     * @description The CMMS entity.
                     * @enum {string}
                     */
                    entity: "assets" | "purchaseOrders";
                    /** @description The CMMS field. */
                    field: string;
                    /**
                     * @description The system that owns the column.
                     * @enum {string}
                     */
                    owner: "cmms" | "dynamics" | "both";
                }[];
                /** @description The mapping's name. */
                name: string;
            };
            /** @description One entry per setting. */
            value: {
                /** @description Where the setting sits in the configuration. */
                name: string;
                /** @description True when the value is hidden. */
                secret: boolean;
                /** @description Its value; secrets read (set) or (not set). */
                value: string;
            }[];
        };
        /** @description A webhook subscription with the state of its deliveries. */
        ConsoleSubscription: {
            /** @description The host deliveries go to (never the full URL, which carries a signature). */
            callbackHost: string;
            /**
             * Format: date-time
             * @description When it was made.
             */
            createdAt: string;
            /**
             * Format: int32
             * @description Dead letters.
             */
            dead: number;
            /**
             * Format: int32
             * @description Deliveries accepted by the receiver.
             */
            delivered: number;
            entity: components["schemas"]["ChangeEntity"];
            /** @description The subscription's id. */
            id: string;
            /**
             * @description Which trigger made it.
             * @enum {string}
             */
            kind: "assetChanges" | "purchaseOrderStatus";
            /**
             * Format: date-time
             * @description When a delivery last succeeded.
             */
            lastDeliveredAt: string | null;
            /** @description The latest delivery error. */
            lastError: string | null;
            /**
             * Format: int32
             * @description Deliveries waiting or in flight.
             */
            pending: number;
        };
        /** @description What the receiver did with a Dataverse webhook request. */
        DataverseWebhookResult: {
            asset?: components["schemas"]["Asset"];
            purchaseOrder?: components["schemas"]["PurchaseOrder"];
            /** @description Why nothing was applied. */
            reason?: string;
            /** @description The Dataverse request id. */
            requestId: string;
            /**
             * @description The outcome.
             * @enum {string}
             */
            status: "applied" | "unchanged" | "stale" | "duplicate" | "ignored";
        };
        /**
         * Format: double
         * @description An amount, exact to four decimal places.
         */
        Decimal: number;
        /** @description Asset columns changed in Dynamics 365, as the row-modified trigger gives them. */
        DynamicsAssetChange: {
            /**
             * Format: date-time
             * @description The row's modifiedon in Dynamics; a change older than the last one applied is ignored.
             */
            modifiedon: string;
            /** @description Dynamics column names and their new values, only columns the mapping gives to Dynamics (e.g. msdyn_currentbookvalue). */
            values: {
                [key: string]: unknown;
            };
        };
        /** @description The outcome of applying asset changes from Dynamics. */
        DynamicsAssetChangeResult: {
            /** @description The CMMS fields this change set. */
            applied: string[];
            asset: components["schemas"]["Asset"];
            /** @description Fields both systems write that kept the CMMS value, because the CMMS changed them later. */
            kept: string[];
            /**
             * @description applied (the asset changed), unchanged (it already had these values) or stale (older than the last change applied).
             * @enum {string}
             */
            status: "applied" | "unchanged" | "stale";
        };
        /** @description The outcome of a connection check to Dynamics 365. */
        DynamicsConnectionCheck: {
            /** @description The application user's business unit. */
            businessUnitId?: string;
            /**
             * Format: date-time
             * @description When the check ran.
             */
            checkedAt: string;
            /** @description The error code when the check failed. */
            code?: string;
            /**
             * Format: int32
             * @description How long it took.
             */
            durationMs: number;
            /** @description The environment checked. */
            environmentUrl: string | null;
            /** @description What to change when the check failed. */
            hint?: string;
            /** @description The error when the check failed. */
            message?: string;
            /** @description True when both the token and WhoAmI succeeded. */
            ok: boolean;
            /** @description The environment's organization id. */
            organizationId?: string;
            /**
             * @description Whether Entra ID issued a token.
             * @enum {string}
             */
            token: "ok" | "failed" | "skipped";
            /** @description The application user's id in the environment. */
            userId?: string;
            /**
             * @description Whether WhoAmI answered.
             * @enum {string}
             */
            whoAmI: "ok" | "failed" | "skipped";
        };
        /** @description One field that broke a rule. */
        FieldError: {
            /** @description Where the value is, for example /body/total. */
            field: string;
            /** @description A readable explanation. */
            message: string;
            /** @description The rule broken, for example minimum or required. */
            rule: string;
        };
        /** @description The service's state. */
        Health: {
            /** @description The database engine in use, pglite or postgres. */
            database?: string;
            /** @description ok when healthy. */
            status: string;
            /** @description The API's version. */
            version?: string;
        };
        /**
         * @description The asset's operating status.
         * @enum {string}
         */
        OperatingStatus: "operativo" | "en_mantenimiento" | "fuera_de_servicio" | "dado_de_baja";
        /** @description An RFC 9457 problem report. */
        Problem: {
            /** @description A stable error code from the catalogue. */
            code?: string;
            /** @description What went wrong in this occurrence. */
            detail?: string;
            /** @description Each field that broke a rule. */
            errors?: components["schemas"]["FieldError"][];
            /** @description The request id of this occurrence, to give support. */
            instance?: string;
            /**
             * Format: int32
             * @description The HTTP status code.
             */
            status: number;
            /** @description A short summary of the kind of problem. */
            title: string;
            /** @description A URI naming the kind of problem. */
            type: string;
        };
        /** @description A purchase requisition (presupuesto) of the CMMS. */
        PurchaseOrder: {
            created_at: components["schemas"]["RecordMeta"]["created_at"];
            dynamics_id?: components["schemas"]["RecordMeta"]["dynamics_id"];
            dynamics_sync_error?: components["schemas"]["RecordMeta"]["dynamics_sync_error"];
            dynamics_synced_at?: components["schemas"]["RecordMeta"]["dynamics_synced_at"];
            estado: components["schemas"]["PurchaseOrderStatus"];
            /**
             * Format: date-time
             * @description When the requisition was raised.
             */
            fecha_creacion: string;
            justificacion: components["schemas"]["PurchaseOrderFields"]["justificacion"];
            lineas: components["schemas"]["PurchaseOrderFields"]["lineas"];
            moneda: components["schemas"]["PurchaseOrderFields"]["moneda"];
            /** @description The requisition number, its unique key. */
            numero_requisicion: string;
            proveedor?: components["schemas"]["PurchaseOrderFields"]["proveedor"];
            sitio?: components["schemas"]["PurchaseOrderFields"]["sitio"];
            solicitante?: components["schemas"]["PurchaseOrderFields"]["solicitante"];
            total: components["schemas"]["PurchaseOrderFields"]["total"];
            updated_at: components["schemas"]["RecordMeta"]["updated_at"];
            version: components["schemas"]["RecordMeta"]["version"];
        };
        /** @description A new purchase requisition. */
        PurchaseOrderCreate: {
            /**
             * @description The starting status, borrador (default) or pendiente.
             * @enum {string}
             */
            estado?: "borrador" | "pendiente";
            /**
             * Format: date-time
             * @description When the requisition was raised; now when not given.
             */
            fecha_creacion?: string;
            justificacion: components["schemas"]["PurchaseOrderFields"]["justificacion"];
            lineas?: components["schemas"]["PurchaseOrderFields"]["lineas"];
            moneda?: components["schemas"]["PurchaseOrderFields"]["moneda"];
            /** @description The requisition number, its unique key; letters, digits, dot, dash, underscore and slash. */
            numero_requisicion: string;
            proveedor?: components["schemas"]["PurchaseOrderFields"]["proveedor"];
            sitio?: components["schemas"]["PurchaseOrderFields"]["sitio"];
            solicitante?: components["schemas"]["PurchaseOrderFields"]["solicitante"];
            total: components["schemas"]["PurchaseOrderFields"]["total"];
        };
        /** @description The writable fields of a purchase requisition. */
        PurchaseOrderFields: {
            /** @description Why the purchase is needed. */
            justificacion?: string;
            /** @description The requisition's lines. */
            lineas?: components["schemas"]["PurchaseOrderLine"][];
            /** @description The ISO 4217 currency code; USD when not given. */
            moneda?: string;
            /** @description The supplier, when known. */
            proveedor?: string | null;
            /** @description The code of the site the purchase is for. */
            sitio?: string | null;
            /** @description Who requested the purchase. */
            solicitante?: string | null;
            /**
             * Format: double
             * @description The total amount, exact to four decimal places.
             */
            total?: number;
        };
        /** @description One line of a purchase requisition. */
        PurchaseOrderLine: {
            /**
             * Format: double
             * @description The quantity requested, exact to four decimal places.
             */
            cantidad: number;
            /** @description The internal code of the asset the line is for, if any. */
            codigo_interno?: string;
            /** @description What is requested. */
            descripcion: string;
            /**
             * Format: int32
             * @description The line number; numbered in order when not given.
             */
            linea?: number;
            /**
             * Format: double
             * @description The price per unit, exact to four decimal places.
             */
            precio_unitario: number;
            /** @description The unit of measure, for example ea, m or kg. */
            unidad?: string;
        };
        /** @description A page of purchase requisitions. */
        PurchaseOrderPage: {
            /**
             * Format: uri
             * @description The URL of the next page; absent on the last page.
             */
            nextLink?: string;
            /** @description The purchase orders on this page. */
            value: components["schemas"]["PurchaseOrder"][];
        };
        /**
         * @description A purchase requisition's status in the approval process.
         * @enum {string}
         */
        PurchaseOrderStatus: "borrador" | "pendiente" | "aprobada" | "rechazada" | "ordenada" | "recibida" | "cancelada";
        /** @description The event posted when a purchase order's status changes. */
        PurchaseOrderStatusEvent: {
            data: components["schemas"]["PurchaseOrder"];
            entity: components["schemas"]["WebhookEventFields"]["entity"];
            eventId: components["schemas"]["WebhookEventFields"]["eventId"];
            eventType: components["schemas"]["WebhookEventFields"]["eventType"];
            key: components["schemas"]["WebhookEventFields"]["key"];
            occurredAt: components["schemas"]["WebhookEventFields"]["occurredAt"];
            operation: components["schemas"]["WebhookEventFields"]["operation"];
            origin?: components["schemas"]["WebhookEventFields"]["origin"];
            record: components["schemas"]["WebhookEventFields"]["record"];
            version: components["schemas"]["WebhookEventFields"]["version"];
        };
        /**
         * @description The new status, as the CMMS names it.
         * @enum {string}
         */
        PurchaseOrderStatusInput: "borrador" | "pendiente" | "aprobada" | "rechazada" | "ordenada" | "recibida" | "cancelada";
        /** @description The purchase-order statuses. */
        PurchaseOrderStatusList: {
            /** @description The statuses in process order. */
            value: components["schemas"]["PurchaseOrderStatusOption"][];
        };
        /** @description A purchase-order status for dropdowns. */
        PurchaseOrderStatusOption: {
            estado: components["schemas"]["PurchaseOrderStatus"];
            /** @description The status's display name. */
            name: string;
            /**
             * Format: int32
             * @description The Dynamics option value the status is written as.
             */
            statuscode?: number;
        };
        /** @description What the purchase-order status trigger listens for and where the flow receives it. */
        PurchaseOrderStatusSubscriptionRequest: {
            callbackUrl: components["schemas"]["WebhookSubscriptionFields"]["callbackUrl"];
            /**
             * @description Only when the purchase order moves to this status; any status when not given.
             * @enum {string}
             */
            estado?: "borrador" | "pendiente" | "aprobada" | "rechazada" | "ordenada" | "recibida" | "cancelada";
            /** @description Only purchase orders at this site code; any site when not given. */
            sitio?: string;
        };
        /** @description The purchase requisition fields to change; absent fields keep their value. */
        PurchaseOrderUpdate: {
            estado?: components["schemas"]["PurchaseOrderStatus"];
            justificacion?: components["schemas"]["PurchaseOrderFields"]["justificacion"];
            lineas?: components["schemas"]["PurchaseOrderFields"]["lineas"];
            moneda?: components["schemas"]["PurchaseOrderFields"]["moneda"];
            proveedor?: components["schemas"]["PurchaseOrderFields"]["proveedor"];
            sitio?: components["schemas"]["PurchaseOrderFields"]["sitio"];
            solicitante?: components["schemas"]["PurchaseOrderFields"]["solicitante"];
            total?: components["schemas"]["PurchaseOrderFields"]["total"];
        };
        /** @description Fields the API manages on every record. */
        RecordMeta: {
            /**
             * Format: date-time
             * @description When the record was created.
             */
            readonly created_at?: string;
            /** @description The id of the matching row in Dynamics 365, once synced. */
            readonly dynamics_id?: string | null;
            /** @description The last error writing the record to Dynamics 365, if any. */
            readonly dynamics_sync_error?: string | null;
            /**
             * Format: date-time
             * @description When the record was last written to Dynamics 365.
             */
            readonly dynamics_synced_at?: string | null;
            /**
             * Format: date-time
             * @description When the record last changed.
             */
            readonly updated_at?: string;
            /**
             * Format: int32
             * @description Goes up by one on every change.
             */
            readonly version?: number;
        };
        /** @description What Dynamics did with one record of the page. */
        RecordResult: {
            /** @description The Dynamics row id (GUID), when known. */
            dynamicsId?: string;
            /** @description The error Dynamics answered, for a failed write. */
            error?: string;
            /** @description The CMMS key of the record. */
            key: string;
            /** @description True when Dynamics accepted the write. */
            ok: boolean;
        };
        /** @description The serialized Microsoft.Xrm.Sdk.RemoteExecutionContext Dataverse posts to a webhook. */
        RemoteExecutionContext: {
            /** @description The message's parameters as key/value pairs; Target holds the changed columns. */
            InputParameters?: Record<string, never>[];
            /** @description The message, e.g. Update. */
            MessageName?: string;
            /** @description The table's logical name. */
            PrimaryEntityName?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description A site where assets stand. */
        Site: {
            /**
             * Format: int32
             * @description How many assets stand at the site.
             */
            assetCount?: number;
            /** @description The site code. */
            code: string;
            /** @description The site code with its asset count, for display. */
            name: string;
        };
        /** @description The sites in use. */
        SiteList: {
            /** @description The sites. */
            value: components["schemas"]["Site"][];
        };
        /** @description A status reported by Dynamics 365; give exactly one of estado and statuscode. */
        StatusReport: {
            estado?: components["schemas"]["PurchaseOrderStatusInput"];
            /**
             * Format: date-time
             * @description The Dynamics row's modifiedon; a report older than the last one applied is ignored.
             */
            modifiedon?: string;
            /**
             * Format: int32
             * @description The Dynamics option value of the status column, as the mapping defines it.
             */
            statuscode?: number;
        };
        /** @description The outcome of a status report. */
        StatusResult: {
            /** @description True when the status was changed. */
            applied: boolean;
            estado: components["schemas"]["PurchaseOrderStatus"];
            purchaseOrder: components["schemas"]["PurchaseOrder"];
            /**
             * @description Why nothing changed, unchanged (already in that status) or stale (older than the last applied report).
             * @enum {string}
             */
            reason?: "unchanged" | "stale";
        };
        /**
         * @description The kind of CMMS record a sync job pushes.
         * @enum {string}
         */
        SyncEntity: "assets" | "purchaseOrders";
        /** @description A record whose write to Dynamics failed. */
        SyncFailure: {
            /**
             * Format: int32
             * @description Failed attempts since the last retry by an operator.
             */
            attempts: number;
            /** @description The consumer whose write failed. */
            consumer: string;
            entity: components["schemas"]["ChangeEntity"];
            /**
             * Format: date-time
             * @description When the record first failed.
             */
            firstFailedAt: string;
            /** @description The failure's id, for Retry sync failure. */
            id: string;
            /** @description The CMMS key of the record. */
            key: string;
            /** @description The last error reported. */
            lastError: string;
            /**
             * Format: date-time
             * @description When the record last failed.
             */
            lastFailedAt: string;
            /** @description True when the attempt limit was reached and the record waits for an operator. */
            parked: boolean;
        };
        /** @description Sync failures. */
        SyncFailureList: {
            /** @description The failures, oldest first. */
            value: components["schemas"]["SyncFailure"][];
        };
        /** @description A background job pushing CMMS records into Dynamics 365. */
        SyncJob: {
            /** @description True when a cancel was asked for; a running job stops after its current chunk. */
            cancelRequested: boolean;
            /**
             * Format: date-time
             * @description When the job was queued.
             */
            createdAt: string;
            /**
             * Format: int32
             * @description How many records deleted in the CMMS were deleted in Dynamics 365.
             */
            deleted: number;
            /**
             * Format: double
             * @description Seconds from start to end, or to now while running.
             */
            durationSeconds: number | null;
            entity: components["schemas"]["SyncEntity"];
            /** @description The first records that failed (at most 20), with what to do about them. */
            errors: components["schemas"]["SyncJobError"][];
            /**
             * Format: int32
             * @description How many records Dynamics 365 did not accept; each carries the error on the record.
             */
            failed: number;
            /** @description Why the whole job failed, when it did, and what to check. */
            failure?: string;
            /**
             * Format: date-time
             * @description When the job ended.
             */
            finishedAt: string | null;
            /** @description The job's id. */
            id: string;
            /**
             * @description What to push, full for every record or changes for only what changed since the last job.
             * @enum {string}
             */
            mode: "full" | "changes";
            /**
             * Format: int32
             * @description How far the job is, from 0 to 100.
             */
            percentComplete: number;
            /** @description Who started the job. */
            requestedBy?: string;
            /** @description True when the job was taken over from a stopped worker and resumed from its checkpoint. */
            resumed: boolean;
            /**
             * Format: date-time
             * @description When a worker started the job.
             */
            startedAt: string | null;
            status: components["schemas"]["SyncJobStatus"];
            /**
             * Format: int32
             * @description How many records the job has to push in all.
             */
            total: number;
            /**
             * Format: int32
             * @description How many records were written (created or updated) in Dynamics 365.
             */
            written: number;
        };
        /** @description One record Dynamics 365 did not accept. */
        SyncJobError: {
            /** @description The Dynamics 365 or CMMS error code. */
            code: string;
            /** @description What to check or change to fix it. */
            hint?: string;
            /** @description The record's CMMS key (internal code or requisition number). */
            key: string;
            /** @description What Dynamics 365 answered. */
            message: string;
        };
        /** @description Sync jobs, newest first. */
        SyncJobList: {
            /** @description The jobs. */
            value: components["schemas"]["SyncJob"][];
        };
        /** @description Which records to push and how. */
        SyncJobStart: {
            entity: components["schemas"]["SyncEntity"];
            /**
             * @description What to push, full for every record or changes for only what changed since the last job.
             * @enum {string}
             */
            mode: "full" | "changes";
        };
        /**
         * @description Where a sync job is; queued and running are in progress, the others are final.
         * @enum {string}
         */
        SyncJobStatus: "queued" | "running" | "succeeded" | "completed_with_errors" | "failed" | "cancelled";
        /** @description One event queued for one webhook subscription. */
        WebhookDelivery: {
            /**
             * Format: int32
             * @description How many times sending was tried.
             */
            attempts: number;
            /** @description The host the delivery goes to. */
            callbackHost?: string;
            /**
             * Format: date-time
             * @description When the event was queued.
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the receiver accepted it.
             */
            deliveredAt?: string | null;
            entity: components["schemas"]["WebhookEventFields"]["entity"];
            eventId: components["schemas"]["WebhookEventFields"]["eventId"];
            /**
             * Format: int64
             * @description The delivery's id.
             */
            id: number;
            key: components["schemas"]["WebhookEventFields"]["key"];
            /** @description Why the last attempt failed, if it did. */
            lastError?: string | null;
            /**
             * Format: int32
             * @description The receiver's HTTP status on the last attempt, if it answered.
             */
            lastStatus?: number | null;
            /**
             * Format: date-time
             * @description When the next attempt is due; null unless pending.
             */
            nextAttemptAt?: string | null;
            operation: components["schemas"]["WebhookEventFields"]["operation"];
            status: components["schemas"]["WebhookDeliveryStatus"];
            /** @description The subscription the event is for. */
            subscriptionId: string;
            version: components["schemas"]["WebhookEventFields"]["version"];
        };
        /** @description A page of webhook deliveries. */
        WebhookDeliveryPage: {
            /**
             * Format: uri
             * @description The URL of the next page; absent on the last page.
             */
            nextLink?: string;
            /** @description The deliveries on this page, newest first. */
            value: components["schemas"]["WebhookDelivery"][];
        };
        /**
         * @description Where a delivery stands.
         * @enum {string}
         */
        WebhookDeliveryStatus: "pending" | "delivered" | "dead" | "superseded";
        /** @description Fields every webhook event carries. */
        WebhookEventFields: {
            /**
             * @description The kind of record that changed.
             * @enum {string}
             */
            entity?: "assets" | "purchaseOrders";
            /** @description The event's unique id, also sent as X-CMMS-Event-Id; a repeated delivery carries the same id. */
            eventId?: string;
            /**
             * @description What happened.
             * @enum {string}
             */
            eventType?: "asset.upserted" | "asset.deleted" | "purchaseOrder.statusChanged";
            /** @description The CMMS key of the record that changed. */
            key?: string;
            /**
             * Format: date-time
             * @description When the change was committed in the CMMS.
             */
            occurredAt?: string;
            /**
             * @description What happened, upsert when the record was created or updated or delete when it was deleted.
             * @enum {string}
             */
            operation?: "upsert" | "delete";
            /** @description Who made the change, cmms or dynamics; a flow writing to Dynamics can skip dynamics to avoid loops. */
            origin?: string;
            /** @description The record in Dynamics 365 column names and types, ready for an upsert; only the key column for a delete. */
            record?: {
                [key: string]: unknown;
            };
            /**
             * Format: uuid
             * @description The row's id in Dynamics, only for a key Dataverse cannot address in a URL (one holding any of / # < > * % & : \ ? +): write and delete the row by this id, with the key column in the body.
             */
            rowId?: string;
            /**
             * Format: int32
             * @description The record's version after the change.
             */
            version?: number;
        };
        /** @description A webhook subscription, with its signing secret shown this once. */
        WebhookSubscriptionCreated: {
            /** @description The host deliveries go to. */
            callbackHost?: string;
            /**
             * Format: date-time
             * @description When the subscription was made.
             */
            created_at: string;
            /**
             * @description The kind of record the subscription follows.
             * @enum {string}
             */
            entity: "assets" | "purchaseOrders";
            /** @description The status filter of a purchase-order status subscription, if any. */
            estado?: string | null;
            /** @description The operations delivered, upsert and or delete. */
            events: ("upsert" | "delete")[];
            /** @description The subscription's id. */
            id: string;
            /** @description The key of the X-CMMS-Signature HMAC-SHA256 header; returned only now, never again. */
            secret: string;
            /** @description The site filter, if any. */
            sitio?: string | null;
        };
        /** @description Fields shared by the webhook subscription requests. */
        WebhookSubscriptionFields: {
            /** @description The URL deliveries are posted to; the platform fills it in. */
            callbackUrl?: string;
            /** @description Only records at this site code; any site when not given (deletes are always sent, their site being gone). */
            sitio?: string;
        };
    };
    responses: {
        /** @description The request is not valid; the problem names each field and the rule it breaks. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The key already exists or the change conflicts with the record's state. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The credentials lack the user_impersonation scope or an allowed role. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No record has this key. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is over the size limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The record changed since the ETag sent in If-Match. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An unexpected error; the problem carries an id to give support. */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too many requests; wait the Retry-After seconds. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No valid credentials were sent. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The service or a service it needs is not available. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request is well-formed but cannot be processed. */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is not application/json. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description Only records changed at or after this date and time (ISO 8601). */
        ChangedSince: string;
        /** @description The asset's internal code, its unique key in the CMMS. */
        CodigoInterno: string;
        /** @description A unique key per intended request; a retry with the same key and body gets the first answer again. */
        IdempotencyKey: string;
        /** @description The ETag last read; the change is refused with 412 when the record has changed since. */
        IfMatch: string;
        /** @description The sync job's id, as given by Start a sync. */
        JobId: string;
        /** @description The purchase requisition's number, its unique key in the CMMS. */
        NumeroRequisicion: string;
        /** @description The position to continue from, as given in the previous page's nextLink. */
        SkipToken: string;
        /** @description How many records a page holds, from 1 to 1000. */
        Top: number;
    };
    requestBodies: never;
    headers: {
        /** @description The record's version, for If-Match on later updates. */
        ETag: string;
        /** @description The absolute URL of the resource. */
        Location: string;
        /** @description Seconds to wait before calling again. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    ListAssets: {
        parameters: {
            query?: {
                /** @description Only assets of this category. */
                categoria?: components["schemas"]["AssetCategory"];
                /** @description Only records changed at or after this date and time (ISO 8601). */
                changedSince?: components["parameters"]["ChangedSince"];
                /** @description Only assets in this operating status. */
                estado_operativo?: components["schemas"]["OperatingStatus"];
                /** @description Only assets at this site code. */
                sitio?: string;
                /** @description The position to continue from, as given in the previous page's nextLink. */
                skiptoken?: components["parameters"]["SkipToken"];
                /** @description How many records a page holds, from 1 to 1000. */
                top?: components["parameters"]["Top"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of assets. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AssetPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    CreateAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description A unique key per intended request; a retry with the same key and body gets the first answer again. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetCreate"];
            };
        };
        responses: {
            /** @description The asset was created. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    DeleteAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last read; the change is refused with 412 when the record has changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The asset was deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    UpdateAsset: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last read; the change is refused with 412 when the record has changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetUpdate"];
            };
        };
        responses: {
            /** @description The updated asset. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ApplyAssetChangesFromDynamics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The asset's internal code, its unique key in the CMMS. */
                codigo_interno: components["parameters"]["CodigoInterno"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DynamicsAssetChange"];
            };
        };
        responses: {
            /** @description What was applied, with the asset. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DynamicsAssetChangeResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    CheckDynamicsConnection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outcome of the check. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DynamicsConnectionCheck"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    StreamConsoleEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream; it stays open until the client closes it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ConsoleRetrySyncFailure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the failure, as listed. */
                failureId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failure, no longer parked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncFailure"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ConsoleRetryParkedFailures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ConsoleRetryFilter"];
            };
        };
        responses: {
            /** @description How many failures were put back. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleRetryOutcome"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ConsoleStartSyncJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncJobStart"];
            };
        };
        responses: {
            /** @description The job is queued. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    ConsoleCancelSyncJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, cancelled or asked to stop. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetConsoleOverview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The overview. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleOverview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetConsoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSession"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetConsoleSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSettingList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ConsoleRedeliverWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery's id, as listed. */
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery is pending again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ReceiveDataverseWebhook: {
        parameters: {
            query?: {
                /** @description The webhook key registered with the Dataverse service endpoint (WebhookKey authentication). */
                code?: string;
            };
            header?: {
                /** @description The webhook key, when the service endpoint uses HttpHeader authentication. */
                "x-dataverse-webhook-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RemoteExecutionContext"];
            };
        };
        responses: {
            /** @description The request was handled (applied, unchanged, stale or a duplicate). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataverseWebhookResult"];
                };
            };
            /** @description The request is neither a purchase-order status change nor a change of an asset column Dynamics owns, and was ignored. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DataverseWebhookResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    GetHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    ListPurchaseOrderStatuses: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statuses. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseOrderStatusList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ListPurchaseOrders: {
        parameters: {
            query?: {
                /** @description Only records changed at or after this date and time (ISO 8601). */
                changedSince?: components["parameters"]["ChangedSince"];
                /** @description Only purchase orders in this status. */
                estado?: components["schemas"]["PurchaseOrderStatus"];
                /** @description Only purchase orders for this site code. */
                sitio?: string;
                /** @description The position to continue from, as given in the previous page's nextLink. */
                skiptoken?: components["parameters"]["SkipToken"];
                /** @description How many records a page holds, from 1 to 1000. */
                top?: components["parameters"]["Top"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of purchase orders. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseOrderPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    CreatePurchaseOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description A unique key per intended request; a retry with the same key and body gets the first answer again. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurchaseOrderCreate"];
            };
        };
        responses: {
            /** @description The purchase order was created. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseOrder"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetPurchaseOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The purchase requisition's number, its unique key in the CMMS. */
                numero_requisicion: components["parameters"]["NumeroRequisicion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The purchase order. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseOrder"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    UpdatePurchaseOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag last read; the change is refused with 412 when the record has changed since. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The purchase requisition's number, its unique key in the CMMS. */
                numero_requisicion: components["parameters"]["NumeroRequisicion"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurchaseOrderUpdate"];
            };
        };
        responses: {
            /** @description The updated purchase order. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseOrder"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    SetPurchaseOrderStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The purchase requisition's number, its unique key in the CMMS. */
                numero_requisicion: components["parameters"]["NumeroRequisicion"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StatusReport"];
            };
        };
        responses: {
            /** @description Whether the status was applied, with the purchase order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    ListSites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sites. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SiteList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            500: components["responses"]["ServerError"];
        };
    };
    AcknowledgeChanges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Acknowledgement"];
            };
        };
        responses: {
            /** @description What the acknowledgement did. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AcknowledgementOutcome"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetAssetChanges: {
        parameters: {
            query: {
                /** @description The name of the reading flow, e.g. flow-assets; each consumer keeps its own position. */
                consumer: string;
                /** @description How many changes a page holds at most, from 1 to 1000. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The next page of changes with the cursor to acknowledge. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    PollAssetChanges: {
        parameters: {
            query?: {
                /** @description The trigger state from the previous Location header; absent on the first poll. */
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new changes; Location holds the next state. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeItem"][];
                };
            };
            /** @description Nothing new; poll the Location again after Retry-After seconds. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ListSyncFailures: {
        parameters: {
            query?: {
                /** @description Only failures of this consumer. */
                consumer?: string;
                /** @description Only failures of assets or of purchaseOrders. */
                entity?: components["schemas"]["ChangeEntity"];
                /** @description How many failures to return at most, from 1 to 1000. */
                limit?: number;
                /** @description True for parked failures only, false for those still retried. */
                parked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failures, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncFailureList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    RetrySyncFailure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id of the failure, as listed. */
                failureId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failure, no longer parked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncFailure"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ListSyncJobs: {
        parameters: {
            query?: {
                /** @description Only jobs for this kind of record. */
                entity?: components["schemas"]["SyncEntity"];
                /** @description Only jobs in this state. */
                status?: components["schemas"]["SyncJobStatus"];
                /** @description How many jobs to list, from 1 to 100. */
                top?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The jobs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJobList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    StartSyncJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncJobStart"];
            };
        };
        responses: {
            /** @description The job is queued; poll the Location URL until it answers 200. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    GetSyncJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job has ended; its outcome. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJob"];
                };
            };
            /** @description The job is still queued or running; call the Location URL again after Retry-After seconds. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    CancelSyncJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The sync job's id, as given by Start a sync. */
                jobId: components["parameters"]["JobId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job, cancelled or asked to stop. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncJob"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    GetPurchaseOrderChanges: {
        parameters: {
            query: {
                /** @description The name of the reading flow, e.g. flow-purchase-orders; each consumer keeps its own position. */
                consumer: string;
                /** @description How many changes a page holds at most, from 1 to 1000. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The next page of changes with the cursor to acknowledge. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    PollPurchaseOrderChanges: {
        parameters: {
            query?: {
                /** @description The trigger state from the previous Location header; absent on the first poll. */
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new changes; Location holds the next state. */
            200: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeItem"][];
                };
            };
            /** @description Nothing new; poll the Location again after Retry-After seconds. */
            202: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Retry-After": components["headers"]["RetryAfter"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    ListWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description The position to continue from, as given in the previous page's nextLink. */
                skiptoken?: components["parameters"]["SkipToken"];
                /** @description Only deliveries in this state. */
                status?: components["schemas"]["WebhookDeliveryStatus"];
                /** @description Only deliveries to this subscription. */
                subscriptionId?: string;
                /** @description How many records a page holds, from 1 to 1000. */
                top?: components["parameters"]["Top"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    RedeliverWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The delivery's id, as listed. */
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery is pending again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    DeleteWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The subscription's id, the last segment of the Location the subscription answered with. */
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription was removed; nothing more is delivered to it. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    SubscribeAssetChanges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssetSubscriptionRequest"];
            };
        };
        responses: {
            /** @description The subscription was made; Location is the URL that removes it. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
    SubscribePurchaseOrderStatusChanges: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurchaseOrderStatusSubscriptionRequest"];
            };
        };
        responses: {
            /** @description The subscription was made; Location is the URL that removes it. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionCreated"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
        };
    };
}
