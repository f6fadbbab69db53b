import { Field, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "./node.type";

/**
 * A node editors change: its key, its version (raised by a trigger on every change, checked
 * against `expectedVersion`) and its bookkeeping timestamps, declared once for every content
 * entity. Each entity still names its own `<table>_version_positive` check, and its migration
 * installs the table's triggers (db/table-triggers.ts).
 */
@ObjectType({ simpleResolvers: true })
export abstract class VersionedNode extends Node {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => Int, { description: "Raised by every change to this object: pass it back as `expectedVersion` so that an edit never overwrites one it has not seen." })
  @Column({ type: "integer", default: 1 })
  version: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", select: false })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", select: false })
  updatedAt: Date;
}
