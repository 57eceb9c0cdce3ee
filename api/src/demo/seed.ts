/**
 * Demo data for the one-command start: an energy company's sites, equipment and purchase
 * requisitions in every status. Deterministic (no randomness) so every fresh start looks the same.
 * Written through the services, so the change log and feeds see the records like any other write.
 */
import { createAsset } from '../assets/service.ts';
import type { Db } from '../db/index.ts';
import { changePurchaseOrder, createPurchaseOrder } from '../purchase-orders/service.ts';
import type { Status } from '../purchase-orders/status.ts';

const SITES = [
  { code: 'SE-NORTE', name: 'Subestación Norte 138 kV' },
  { code: 'PE-VIENTOS', name: 'Parque Eólico Los Vientos' },
  { code: 'PS-ATACAMA', name: 'Planta Solar Atacama' },
  { code: 'CH-RIOCLARO', name: 'Central Hidroeléctrica Río Claro' },
  { code: 'CT-PUERTO', name: 'Central Térmica Puerto' },
];

const KINDS: { categoria: string; prefix: string; names: string[]; fabricantes: string[]; valor: number }[] = [
  { categoria: 'transformador', prefix: 'TR', names: ['Transformador de potencia 138/23 kV', 'Transformador de servicios auxiliares 23/0.4 kV'], fabricantes: ['Siemens Energy', 'Hitachi Energy'], valor: 1_250_000 },
  { categoria: 'turbina', prefix: 'TB', names: ['Aerogenerador 4.5 MW', 'Turbina Francis 35 MW', 'Turbina de gas 60 MW'], fabricantes: ['Vestas', 'Andritz', 'GE Vernova'], valor: 3_400_000 },
  { categoria: 'inversor', prefix: 'INV', names: ['Inversor central 3.4 MVA', 'Inversor string 250 kW'], fabricantes: ['SMA', 'Huawei', 'Ingeteam'], valor: 185_000 },
  { categoria: 'interruptor', prefix: 'INT', names: ['Interruptor SF6 145 kV', 'Interruptor en vacío 24 kV'], fabricantes: ['ABB', 'Schneider Electric'], valor: 92_500.5 },
  { categoria: 'subestacion', prefix: 'SE', names: ['Bahía de línea 138 kV', 'Celda de media tensión 23 kV'], fabricantes: ['Siemens Energy', 'ABB'], valor: 640_000 },
  { categoria: 'generador', prefix: 'GEN', names: ['Generador síncrono 40 MVA', 'Grupo electrógeno de respaldo 1 MW'], fabricantes: ['WEG', 'Caterpillar'], valor: 980_000 },
  { categoria: 'medidor', prefix: 'MED', names: ['Medidor de energía clase 0.2S'], fabricantes: ['Landis+Gyr', 'Schneider Electric'], valor: 4_250.75 },
  { categoria: 'banco_baterias', prefix: 'BAT', names: ['Banco de baterías 125 Vcc', 'Sistema BESS 2 MWh'], fabricantes: ['Saft', 'BYD'], valor: 310_000 },
];

const STATUS_OF = ['operativo', 'operativo', 'operativo', 'en_mantenimiento', 'operativo', 'fuera_de_servicio', 'operativo', 'dado_de_baja'];

export function demoAssets(): Record<string, unknown>[] {
  const assets: Record<string, unknown>[] = [];
  let n = 0;
  for (const site of SITES) {
    for (const kind of KINDS) {
      const count = kind.categoria === 'inversor' && site.code === 'PS-ATACAMA' ? 4 : 1 + (n % 2);
      for (let i = 1; i <= count; i++) {
        n++;
        const cost = kind.valor * (1 + (n % 7) / 10);
        const book = cost * (0.35 + (n % 5) / 10);
        const year = 2008 + (n % 15);
        assets.push({
          codigo_interno: `${site.code}-${kind.prefix}-${String(i).padStart(2, '0')}`,
          nombre: `${kind.names[n % kind.names.length]} ${kind.prefix}${i}`,
          numero_de_serie: `${kind.prefix}${year}${String(10_000 + n * 37).slice(-5)}`,
          valor_adquisicion: Number(cost.toFixed(2)),
          valor_libros: Number(book.toFixed(4)),
          fecha_adquisicion: `${year}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
          sitio: site.code,
          ubicacion: `${site.name}, ${['patio de maniobras', 'sala de control', 'nave de máquinas', 'campo norte'][n % 4]}`,
          categoria: kind.categoria,
          estado_operativo: STATUS_OF[n % STATUS_OF.length],
          fabricante: kind.fabricantes[n % kind.fabricantes.length],
          modelo: `${kind.prefix}-${100 + (n % 9) * 50}`,
        });
      }
    }
  }
  return assets;
}

const PURCHASES = [
  'Aceite dieléctrico para transformador', 'Repuestos de caja multiplicadora', 'Módulos IGBT para inversor',
  'Contactos principales de interruptor', 'Relés de protección diferencial', 'Escobillas y anillos rozantes',
  'Celdas de reemplazo para banco de baterías', 'Servicio de termografía anual', 'Pernos de torre y kit de torque',
  'Aisladores poliméricos 138 kV',
];

/** The path through the approval process that leaves a requisition in each status. */
const PATHS: Status[][] = [
  [], ['pendiente'], ['pendiente', 'aprobada'], ['pendiente', 'rechazada'],
  ['pendiente', 'aprobada', 'ordenada'], ['pendiente', 'aprobada', 'ordenada', 'recibida'], ['cancelada'],
];

export async function seedDemoData(db: Db, now: Date): Promise<{ assets: number; purchaseOrders: number }> {
  const assets = demoAssets();
  await db.transaction(async (tx) => {
    for (const a of assets) await createAsset(tx, a, now, 'seed');
  });
  let count = 0;
  for (let i = 0; i < 28; i++) {
    const site = SITES[i % SITES.length]!;
    const qty = 1 + (i % 6);
    const price = 1_250.5 + i * 317.25;
    const key = `REQ-2026-${String(i + 1).padStart(4, '0')}`;
    await db.transaction(async (tx) => {
      await createPurchaseOrder(tx, {
        numero_requisicion: key,
        justificacion: `${PURCHASES[i % PURCHASES.length]} para ${site.name}`,
        total: Number((qty * price).toFixed(2)),
        moneda: 'USD',
        fecha_creacion: new Date(now.getTime() - (40 - i) * 86_400_000).toISOString(),
        sitio: site.code,
        solicitante: ['María González', 'Jorge Pérez', 'Ana Rojas', 'Luis Fernández'][i % 4],
        proveedor: i % 3 === 0 ? null : ['Suministros Eléctricos SA', 'Repuestos Industriales Ltda', 'Energía Servicios SpA'][i % 3],
        lineas: [{ descripcion: PURCHASES[i % PURCHASES.length], cantidad: qty, unidad: 'ea', precio_unitario: price }],
      }, now, 'seed');
      for (const estado of PATHS[i % PATHS.length]!) await changePurchaseOrder(tx, key, { estado }, now, { origin: 'seed' });
    });
    count++;
  }
  return { assets: assets.length, purchaseOrders: count };
}
