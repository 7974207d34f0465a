import 'reflect-metadata';
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiProblems } from './openapi';

@Controller('probe')
@ApiProblems(403)
class ProbeController {
  @Get()
  plain(): string {
    return '';
  }

  @Post()
  @ApiProblems(404, 409)
  own(): string {
    return '';
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('ApiProblems', () => {
  it("given a controller-wide list and a route's own, then the route declares both (Swagger alone would keep only the route's)", async () => {
    const app = await NestFactory.create(ProbeModule, { logger: false });
    try {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const problems = (method: 'get' | 'post') => (document.paths['/probe'][method] as unknown as Record<string, number[]>)['x-jm-problems'];
      expect(problems('get')).toEqual([403]);
      expect([...problems('post')].sort()).toEqual([403, 404, 409]);
    } finally {
      await app.close();
    }
  });
});
