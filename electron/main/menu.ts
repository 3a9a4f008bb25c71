import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCatalogue(): void;
  newCatalogue(): void;
}

export function buildMenu(actions: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Berkas / File',
      submenu: [
        { label: 'Buka katalog… / Open catalogue…', accelerator: 'CmdOrCtrl+O', click: actions.openCatalogue },
        { label: 'Katalog baru… / New catalogue…', accelerator: 'CmdOrCtrl+N', click: actions.newCatalogue },
        { type: 'separator' },
        { role: 'quit', label: 'Keluar / Quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
