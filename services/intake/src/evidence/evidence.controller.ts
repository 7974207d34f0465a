/**
 * Evidence uploads (multipart, field `file`), for agencies and for the public.
 * The declared type must be allowed and the content must start like that type;
 * the size limit is EVIDENCE_MAX_BYTES (multer stops reading past it). Files
 * are stored content-addressed; submissions then name them by SHA-256.
 */
import {
  BadRequestException,
  CallHandler,
  Controller,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
  Post,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EvidenceRef } from '@jm/contracts';
import { Public, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { catchError, Observable, throwError } from 'rxjs';
import { EVIDENCE_STORE, invalidFields } from '../lead/lead.service';
import { PublicRateLimitGuard, RateLimited } from '../public/rate-limit.guard';
import { EvidenceStore } from './evidence.store';
import { ALLOWED_MEDIA_TYPE_LIST, allowedMediaType } from './media-types';

/** What multer's memory storage hands over (typed here so the service needs no @types/multer). */
export interface UploadedEvidence {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Turns multer's errors into answers that say the limit (413) or what field to use (422). */
@Injectable()
export class EvidenceUploadErrors implements NestInterceptor {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          const limit = this.config.domain.evidenceMaxBytes;
          return throwError(
            () =>
              new HttpException(
                { code: 'EVIDENCE_TOO_LARGE', message: `the file is larger than the limit of ${limit} bytes (EVIDENCE_MAX_BYTES)` },
                HttpStatus.PAYLOAD_TOO_LARGE,
              ),
          );
        }
        if (error instanceof BadRequestException) {
          return throwError(() => invalidFields([{ field: 'file', messages: [`send one file in the multipart field "file" (${error.message})`] }]));
        }
        return throwError(() => error);
      }),
    );
  }
}

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary', description: `One of: ${ALLOWED_MEDIA_TYPE_LIST}` } },
    required: ['file'],
  },
};

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(
    @Inject(EVIDENCE_STORE) private readonly store: EvidenceStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post('leads/evidence')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Upload an evidence file (agencies); answers its EvidenceRef' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @UseInterceptors(EvidenceUploadErrors, FileInterceptor('file'))
  async upload(@UploadedFile() file: UploadedEvidence | undefined): Promise<EvidenceRef> {
    return this.accept(file);
  }

  @Post('public/evidence')
  @Public()
  @UseGuards(PublicRateLimitGuard)
  @RateLimited('submit')
  @ApiOperation({ summary: 'Upload an evidence file with a public report; answers its EvidenceRef' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @UseInterceptors(EvidenceUploadErrors, FileInterceptor('file'))
  async uploadPublic(@UploadedFile() file: UploadedEvidence | undefined): Promise<EvidenceRef> {
    return this.accept(file);
  }

  private async accept(file: UploadedEvidence | undefined): Promise<EvidenceRef> {
    if (!file) throw invalidFields([{ field: 'file', messages: ['send one file in the multipart field "file"'] }]);
    const limit = this.config.domain.evidenceMaxBytes;
    if (file.size > limit)
      throw new HttpException(
        { code: 'EVIDENCE_TOO_LARGE', message: `the file is larger than the limit of ${limit} bytes (EVIDENCE_MAX_BYTES)` },
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    if (file.size === 0) throw invalidFields([{ field: 'file', messages: ['the file is empty'] }]);
    const type = allowedMediaType(file.mimetype);
    if (!type) throw invalidFields([{ field: 'file', messages: [`type ${file.mimetype} is not accepted; allowed: ${ALLOWED_MEDIA_TYPE_LIST}`] }]);
    if (!type.sniff(file.buffer)) {
      throw invalidFields([
        {
          field: 'file',
          messages: [`the content is not a ${type.extension} file although it was sent as ${type.mediaType}; allowed: ${ALLOWED_MEDIA_TYPE_LIST}`],
        },
      ]);
    }
    return this.store.put(file.buffer, type.mediaType, file.originalname);
  }
}
