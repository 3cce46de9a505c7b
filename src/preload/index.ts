import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('streamscope', {});
