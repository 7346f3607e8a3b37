import { describe, expect, it } from 'vitest';
import { definitionFormat } from './definition-format.js';

const YAML = 'openapi: 3.0.3\ninfo:\n  title: Orders\n  version: 1.0.0\npaths: {}\n';
const JSON_DOC = '{\n  "info": { "title": "Orders" },\n  "openapi": "3.1.0",\n  "paths": {}\n}';
const SWAGGER = '# legacy\nswagger: "2.0"\ninfo:\n  title: Old\n';
const GRAPHQL = 'type Query {\n  order(id: ID!): Order\n}\n';

describe('how an API definition is shown', () => {
  it('declared OpenAPI goes to the reference viewer', () => {
    expect(definitionFormat('openapi', YAML)).toBe('openapi');
    expect(definitionFormat(' OpenAPI ', JSON_DOC)).toBe('openapi');
  });

  it('other declared types are text, even when the text looks like OpenAPI', () => {
    expect(definitionFormat('graphql', GRAPHQL)).toBe('text');
    expect(definitionFormat('asyncapi', 'asyncapi: 2.6.0\nopenapi: no\n')).toBe('text');
    expect(definitionFormat('grpc', 'syntax = "proto3";')).toBe('text');
  });

  it('without a known type the document tells: openapi or swagger at the top level', () => {
    expect(definitionFormat(null, YAML)).toBe('openapi');
    expect(definitionFormat('rest', JSON_DOC)).toBe('openapi');
    expect(definitionFormat('', SWAGGER)).toBe('openapi');
    expect(definitionFormat(null, GRAPHQL)).toBe('text');
    expect(definitionFormat(null, 'info:\n  description: see openapi docs\n')).toBe('text');
  });
});
