import { z } from "zod";

/**
 * The device settings that the VM's inline devices and the Disk and NetworkInterface resources
 * share: one enum each, so that the root disk and a Disk accept the same values. The SDK's types
 * are derived from these.
 */
export const volumeTypeSchema = z.enum(["qcow2", "raw"]);
export const diskBusSchema = z.enum(["virtio", "scsi", "sata", "ide"]);
/** `default`: the hypervisor's default, the same as leaving the cache out. */
export const diskCacheSchema = z.enum(["writeback", "writethrough", "none", "unsafe", "directsync", "default"]);
export const diskIoSchema = z.enum(["native", "threads", "io_uring"]);
export const interfaceTypeSchema = z.enum(["network", "bridge", "direct", "user"]);
export const interfaceModelSchema = z.enum(["virtio", "e1000", "rtl8139"]);

export type VolumeType = z.infer<typeof volumeTypeSchema>;
export type DiskBus = z.infer<typeof diskBusSchema>;
export type DiskCache = z.infer<typeof diskCacheSchema>;
export type DiskIo = z.infer<typeof diskIoSchema>;
export type InterfaceType = z.infer<typeof interfaceTypeSchema>;
export type InterfaceModel = z.infer<typeof interfaceModelSchema>;
