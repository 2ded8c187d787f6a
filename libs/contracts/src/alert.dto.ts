import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { checkIndicatorValue } from './indicator';
import {
  CATEGORIES,
  INDICATOR_TYPES,
  isRestrictedTlp,
  LIMITS,
  SCOPES,
  SEVERITIES,
  TLPS,
  type Category,
  type IndicatorType,
  type Scope,
  type Severity,
  type Tlp,
} from './vocabulary';
import { PARTY_ID, POLICY_NAME } from './ids';

@ValidatorConstraint({ name: 'indicatorValue' })
class IndicatorValueMatchesType implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const type = (args.object as IndicatorDto).type;
    if (typeof value !== 'string' || !(INDICATOR_TYPES as readonly string[]).includes(type)) return true;
    return checkIndicatorValue(type, value).ok;
  }

  defaultMessage(args: ValidationArguments): string {
    const { type } = args.object as IndicatorDto;
    const result = checkIndicatorValue(type, String(args.value));
    return result.ok ? 'value is invalid' : `value must be ${result.expected} for type ${type}`;
  }
}

export class IndicatorDto {
  @IsIn(INDICATOR_TYPES, { message: `type must be one of: ${INDICATOR_TYPES.join(', ')}` })
  type!: IndicatorType;

  @IsString()
  @Length(1, LIMITS.indicatorValueMax)
  @Validate(IndicatorValueMatchesType)
  value!: string;
}

/** The body of `POST /api/v1/alerts`: what an analyst or tool submits. */
export class AlertSubmissionDto {
  @IsString()
  @Length(1, LIMITS.titleMax)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.descriptionMax)
  description?: string;

  @IsIn(CATEGORIES, { message: `category must be one of: ${CATEGORIES.join(', ')}` })
  category!: Category;

  @IsIn(SEVERITIES, { message: `severity must be one of: ${SEVERITIES.join(', ')}` })
  severity!: Severity;

  @IsIn(TLPS, { message: `tlp must be one of: ${TLPS.join(', ')}` })
  tlp!: Tlp;

  @IsOptional()
  @IsIn(SCOPES, { message: `scope must be one of: ${SCOPES.join(', ')}` })
  scope?: Scope;

  @ValidateIf(
    (o: AlertSubmissionDto) =>
      o.recipients !== undefined || (TLPS.includes(o.tlp) && isRestrictedTlp(o.tlp) && !(Array.isArray(o.groups) && o.groups.length > 0)),
  )
  @IsArray({ message: 'recipients must be a list of node ids; AMBER, AMBER+STRICT and RED need at least one recipient or group' })
  @ArrayNotEmpty({ message: 'recipients must name at least one node (or name a group) for AMBER, AMBER+STRICT and RED' })
  @ArrayMaxSize(LIMITS.recipientsMax)
  @Matches(PARTY_ID, { each: true, message: 'each recipient must be a node id such as "ke"' })
  recipients?: string[];

  /** Sharing groups (MoUs) to deliver to, as the hubs' policies define them. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.groupsMax)
  @Matches(POLICY_NAME, { each: true, message: 'each group must be a group name such as "mou-ke-jp"' })
  groups?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.indicatorsMax)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.sectorsMax)
  @IsString({ each: true })
  @Length(1, LIMITS.sectorMax, { each: true })
  sectors?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.referencesMax)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { each: true, message: 'each reference must be an http(s) URL' })
  @MaxLength(LIMITS.referenceMax, { each: true })
  references?: string[];

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'validUntil must be an ISO 8601 date-time' })
  validUntil?: string;

  /** Embargo: hubs hold the alert back until this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'notBefore must be an ISO 8601 date-time' })
  notBefore?: string;
}
