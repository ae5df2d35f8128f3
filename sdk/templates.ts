import * as pulumi from "@pulumi/pulumi";
import type { CloudInitArgs } from "./cloud-init";
import { VirtualMachine, type CpuArgs, type MemoryArgs, type RootDiskArgs, type VirtualMachineArgs } from "./virtual-machine";

/** The product's template categories; your own templates may use any other name too. */
export type TemplateCategory = "web" | "database" | "development" | "desktop" | (string & {});

/**
 * The VirtualMachine arguments a template sets. cpu, memory and disk are always there, so the
 * result of {@link fromTemplate} can be spread into `new VirtualMachine(...)` as it is.
 */
export interface TemplateVmArgs extends Omit<VirtualMachineArgs, "cpu" | "memory" | "disk"> {
  cpu: CpuArgs;
  memory: MemoryArgs;
  disk: RootDiskArgs;
  cloudInit?: CloudInitArgs;
}

/** A VM template. Define your own with this type and pass your catalog to {@link fromTemplate}. */
export interface VmTemplate {
  id: string;
  category: TemplateCategory;
  description: string;
  /**
   * The guest OS the package names are for (the template does not pick the image: give
   * `disk.image`). Informational.
   */
  guestOs: string;
  args: TemplateVmArgs;
}

/** A catalog of templates by id. */
export type TemplateCatalog = Readonly<Record<string, VmTemplate>>;

/**
 * What {@link fromTemplate} merges over a template: any VirtualMachine argument, and for the
 * objects (cpu, memory, disk, vnc, cloudInit, ...) any part of them.
 */
export type TemplateOverrides = {
  [K in keyof VirtualMachineArgs]?: VirtualMachineArgs[K] | DeepPartial<NonNullable<VirtualMachineArgs[K]>>;
};

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | T[K] } : T;

/**
 * The built-in catalog: the product's web server and development environment, plus a database
 * server and a desktop. Package names are Debian 12's (docs/templates.md).
 */
export const templates = {
  "web-server": {
    id: "web-server",
    category: "web",
    description: "Web server: nginx, PHP (FPM) and MySQL (Debian's MariaDB-compatible default-mysql-server)",
    guestOs: "debian-12",
    args: {
      cpu: { cores: 2 },
      memory: { size: 2048 },
      disk: { size: 30 },
      cloudInit: { packages: ["nginx", "php-fpm", "php-mysql", "default-mysql-server"] },
    },
  },
  "dev-environment": {
    id: "dev-environment",
    category: "development",
    description: "Development environment: Node.js, Python 3 and Docker",
    guestOs: "debian-12",
    args: {
      cpu: { cores: 4 },
      memory: { size: 4096 },
      disk: { size: 50 },
      cloudInit: { packages: ["nodejs", "npm", "python3", "python3-pip", "docker.io"] },
    },
  },
  database: {
    id: "database",
    category: "database",
    description: "Database server: PostgreSQL",
    guestOs: "debian-12",
    args: {
      cpu: { cores: 2 },
      memory: { size: 4096 },
      disk: { size: 100 },
      cloudInit: { packages: ["postgresql"] },
    },
  },
  desktop: {
    id: "desktop",
    category: "desktop",
    description: "Desktop: Xfce with a TigerVNC server in the guest; the VM's VNC console is on (127.0.0.1)",
    guestOs: "debian-12",
    args: {
      cpu: { cores: 2 },
      memory: { size: 4096 },
      disk: { size: 40 },
      vnc: { enabled: true },
      cloudInit: { packages: ["xfce4", "xfce4-goodies", "tigervnc-standalone-server"] },
    },
  },
} satisfies TemplateCatalog;

/** The ids of the built-in catalog. */
export type TemplateId = keyof typeof templates;

/**
 * The VirtualMachine arguments of template `id` with `overrides` merged in, to spread into
 * `new VirtualMachine(name, { ...fromTemplate("web-server", { memory: { size: 4096 } }), ... })`.
 *
 * Merge rules: plain objects merge key by key (recursively); everything else replaces: arrays
 * (so `cloudInit.packages` given in overrides replaces the template's list), strings, numbers,
 * and Pulumi Outputs, Promises and resources (an Output cannot be looked into before it resolves).
 * An override of `undefined` is ignored. Neither the template nor the overrides are modified.
 *
 * @param catalog where to look `id` up. @default {@link templates}
 * @throws Error listing the known ids when `id` is not in the catalog.
 */
export function fromTemplate(id: TemplateId | (string & {}), overrides: TemplateOverrides = {}, catalog: TemplateCatalog = templates): TemplateVmArgs {
  const template = Object.prototype.hasOwnProperty.call(catalog, id) ? catalog[id] : undefined;
  if (!template) {
    throw new Error(`Unknown VM template "${id}". Known templates: ${Object.keys(catalog).sort().join(", ")}.`);
  }
  return deepMerge(template.args, overrides) as TemplateVmArgs;
}

/**
 * The product's `createFromTemplate(templateId, vmName)`: a VirtualMachine from a template, named
 * `vmName` (resource and domain), with optional overrides (see {@link fromTemplate}).
 */
export function createFromTemplate(
  templateId: TemplateId | (string & {}),
  vmName: string,
  overrides: TemplateOverrides = {},
  opts?: pulumi.CustomResourceOptions,
  catalog: TemplateCatalog = templates,
): VirtualMachine {
  return new VirtualMachine(vmName, { name: vmName, ...fromTemplate(templateId, overrides, catalog) } as VirtualMachineArgs, opts);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Objects merge, everything else replaces; returns new objects, never shares the template's. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return clone(base);
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = clone(base) as Record<string, unknown>;
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) continue;
      out[key] = deepMerge(base[key], value);
    }
    return out;
  }
  return clone(override);
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  return value;
}
