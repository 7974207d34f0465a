/** Channels: the in-app inbox, email over SMTP and signed webhooks, per agency's choice, idempotent by message id. */
import { Module } from '@nestjs/common';

@Module({})
export class ChannelsModule {}
