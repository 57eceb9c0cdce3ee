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
         * @description Changes the given fields of an asset; send If-Match with its ETag to avoid overwriting newer changes.
         */
        patch: operations["UpdateAsset"];
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
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
         * Format: double
         * @description An amount, exact to four decimal places.
         */
        Decimal: number;
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
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
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
}
