import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../helpers/app.js';

/** The Abonner section of a page. */
const subscribe = (body: string) => body.slice(body.indexOf('<section aria-labelledby="abonner">'));

describe('the page: filter and subscribe are one choice', () => {
  it('offers the filtered system in Abonner (it offered "Alle systemer" after filtering bug)', async (t) => {
    const { app } = testApp(t);
    const section = subscribe((await app.inject({ url: '/?system=visma' })).body);
    assert.match(section, /<input type="radio" name="kalender" value="valgte"\s+checked \/>/);
    assert.match(section, /<input type="checkbox" name="abonner" value="visma"\s+checked \/>/);
    assert.doesNotMatch(section, /name="abonner" value="gat"\s+checked/);
    assert.match(section, /href="webcal:\/\/localhost(:80)?\/feeds\/systems\/visma\.ics"/);
  });

  it('offers the filtered set by alias, as one custom feed', async (t) => {
    const { app } = testApp(t);
    const section = subscribe((await app.inject({ url: '/?system=regnskap&system=gat' })).body);
    assert.match(section, /\/feeds\/custom\.ics\?systems=gat,visma"/);
  });

  it('keeps a choice made in Abonner over the filter', async (t) => {
    const { app } = testApp(t);
    const other = subscribe((await app.inject({ url: '/?system=visma&abonner=gat' })).body);
    assert.match(other, /href="webcal:\/\/localhost(:80)?\/feeds\/systems\/gat\.ics"/);
    const all = subscribe((await app.inject({ url: '/?system=visma&kalender=alle' })).body);
    assert.match(all, /<input type="radio" name="kalender" value="alle"\s+checked \/>/);
    assert.match(all, /href="webcal:\/\/localhost(:80)?\/feeds\/all\.ics"/);
  });
});

describe('the page: the address link says its scheme', () => {
  it('labels an http address "Adresse (http)" (it said https over an http:// link bug)', async (t) => {
    const { app } = testApp(t);
    const body = (await app.inject({ url: '/' })).body;
    assert.match(
      body,
      /<a href="http:\/\/localhost(:80)?\/feeds\/systems\/visma\.ics" class="https"\s*>Adresse \(http\)<\/a/,
    );
    assert.doesNotMatch(body, /Adresse \(https\)/);
  });

  it('labels an https address "Adresse (https)"', async (t) => {
    const { app } = testApp(t, { publicUrl: 'https://nedetid.example.no' });
    const body = (await app.inject({ url: '/' })).body;
    assert.match(
      body,
      /<a href="https:\/\/nedetid\.example\.no\/feeds\/systems\/visma\.ics" class="https"\s*>Adresse \(https\)<\/a/,
    );
  });
});

describe('the embed: unknown systems', () => {
  it('suggests the system as the page does (the embed gave no suggestion bug)', async (t) => {
    const { app } = testApp(t);
    const r = await app.inject({ url: '/embed?systems=vsima' });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Fant ikke «vsima» blant systemene\. Mente du Visma økonomi \(visma\)\?/);
  });
});
