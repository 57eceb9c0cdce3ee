/**
 * The validator's rules for lookups the flows bind (Field Service purchase orders: vendor account and
 * currency). Real exports write a lookup as `item/<navigation property>@odata.bind` whose value is
 * `<entity set>(<id>)` (coe-starter-kit's Sync Template v4 (Solutions): `item/admin_SolutionEnvironment@odata.bind`
 * = `admin_environments(@{…})`); each test plants one wrong form and expects its rule.
 */
import { describe, expect, it } from 'vitest';
import { damageKit, editEntry, flowEntry } from './helpers.ts';

const { baseline, damage } = damageKit({ mapping: 'field-service' });
const PO_FLOW = 'PurchaseorderstoDynamicsscheduled';
const VENDOR = `"item/msdyn_vendor@odata.bind": "accounts(@{parameters('Vendor account id (cmms_VendorAccountId)')})"`;
const plant = (replacement: string) => damage(({ sync }) => editEntry(sync, flowEntry(sync, PO_FLOW), (t) => t.replaceAll(VENDOR, replacement)));

describe('solution validator: lookups bound by the flows', () => {
  it('the Field Service flows, binding vendor and currency and reading the vendor by id from a variable, start clean', () => {
    expect(baseline).toEqual([]);
  });

  it('when a bind is a bare id without its entity set, reports dataverse-bind', () => {
    const found = plant(`"item/msdyn_vendor@odata.bind": "@parameters('Vendor account id (cmms_VendorAccountId)')"`);
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-bind: action "Upsert_row": item\/msdyn_vendor@odata\.bind is .*; a lookup binds <entity set>\(<id>\)/));
  });

  it('when a bind names the table by its logical name, reports dataverse-bind naming the entity set', () => {
    const found = plant(`"item/msdyn_vendor@odata.bind": "@concat('/account(', parameters('Vendor account id (cmms_VendorAccountId)'), ')')"`);
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-bind: action "Upsert_row": item\/msdyn_vendor@odata\.bind binds into "account", which looks like a logical name.*here accounts/));
  });

  it('a bind built with concat and a leading slash is accepted', () => {
    expect(plant(`"item/msdyn_vendor@odata.bind": "@concat('/accounts(', parameters('Vendor account id (cmms_VendorAccountId)'), ')')"`)).toEqual([]);
  });

  it('when a lookup is written in its read-only _<column>_value form, reports dataverse-bind', () => {
    const found = plant(`"item/_msdyn_vendor_value": "@parameters('Vendor account id (cmms_VendorAccountId)')"`);
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-bind: action "Upsert_row": item\/_msdyn_vendor_value is the read-only form of a lookup/));
  });

  it('when the annotation is misspelt, reports dataverse-parameter', () => {
    const found = plant(`"item/msdyn_vendor@odata.id": "accounts(@{parameters('Vendor account id (cmms_VendorAccountId)')})"`);
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-parameter: action "Upsert_row": "item\/msdyn_vendor@odata\.id" is not a Dataverse action parameter/));
  });

  it('when a row id mixes a parameter into a key rather than being the whole value, reports dataverse-literal', () => {
    const found = damage(({ sync }) =>
      editEntry(sync, flowEntry(sync, PO_FLOW), (t) =>
        t.replace(`"recordId": "@parameters('Vendor account id (cmms_VendorAccountId)')"`, `"recordId": "accountnumber='@{parameters('Vendor account id (cmms_VendorAccountId)')}'"`),
      ),
    );
    expect(found).toContainEqual(expect.stringMatching(/^dataverse-literal: action "Get_vendor_account": recordId .* takes part of its key from parameters\(\)/));
  });
});
