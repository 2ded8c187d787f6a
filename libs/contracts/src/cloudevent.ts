import { Equals, IsISO8601, IsString, IsUUID } from 'class-validator';

/** The CloudEvents 1.0 context attributes every mesh event carries (structured JSON mode). */
export abstract class CloudEventBase {
  @Equals('1.0')
  specversion!: '1.0';

  /** With `source`, unique per event. */
  @IsUUID('7')
  id!: string;

  @IsString()
  source!: string;

  @IsISO8601({ strict: true })
  time!: string;

  @Equals('application/json')
  datacontenttype!: 'application/json';
}
