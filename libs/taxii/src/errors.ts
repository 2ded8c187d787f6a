import { DomainError } from '@cirtmesh/contracts';

/** A TAXII error resource (TAXII 2.1 §3.6.1): `http_status` is a string equal to the status. */
export interface TaxiiErrorBody {
  title: string;
  description?: string;
  http_status: string;
}

/** Any TAXII failure: the server answers it as an error resource with its status, never a 5xx for bad input. */
export class TaxiiError extends DomainError {
  constructor(
    readonly status: number,
    readonly title: string,
    description: string,
  ) {
    super(`TAXII_${status}`, description);
  }

  body(): TaxiiErrorBody {
    return { title: this.title, description: this.message, http_status: String(this.status) };
  }
}

export const badRequest = (description: string): TaxiiError => new TaxiiError(400, 'Bad request', description);
export const notFound = (description: string): TaxiiError => new TaxiiError(404, 'Not found', description);
export const forbidden = (description: string): TaxiiError => new TaxiiError(403, 'Forbidden', description);
