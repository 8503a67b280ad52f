import { describe, expect, it } from 'vitest';
import { isEnumType, isInputObjectType, isIntrospectionType, isObjectType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { buildSchema } from '../src/schema.ts';
import { ErrorCode } from '../src/errors/gatewayError.ts';

describe('the schema explains itself', () => {
  const schema = buildSchema();

  it('describes every type, field, argument, input field and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (!type.description && type.name !== 'Query' && type.name !== 'Mutation') missing.push(type.name);
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists exactly the error codes the code base uses, each equal to its key', () => {
    const sdlCodes = (schema.getType('ErrorCode') as import('graphql').GraphQLEnumType).getValues().map((v) => v.name);
    expect(Object.keys(ErrorCode).sort()).toEqual([...sdlCodes].sort());
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('spells commercetools enum values as commercetools does', () => {
    const values = (name: string) => (schema.getType(name) as import('graphql').GraphQLEnumType).getValues().map((v) => v.name);
    expect(values('TransactionType')).toEqual(['Authorization', 'CancelAuthorization', 'Charge', 'Refund', 'Chargeback']);
    expect(values('TransactionState')).toEqual(['Initial', 'Pending', 'Success', 'Failure']);
  });
});
